/**
 * Configuration: read once at start-up from the environment, a dotenv file and a restored
 * {@code DATA_DIR/config.env} ({@link io.cartographus.config.ConfigLoader}), validated as a whole
 * (every problem reported at once, nothing silently defaulted), then immutable records. Secrets
 * never leave this package in printable form; {@link io.cartographus.config.ConfigSnapshot} is the
 * only way configuration goes into archives and back.
 *
 * <p>It depends on no other package of ours, so that every package may read settings without a
 * cycle. That is why the few value types that settings name — {@link io.cartographus.config.BackupType},
 * {@link io.cartographus.config.Compression} and {@link io.cartographus.config.RetentionPolicy} — live
 * here rather than with the archives, catalog and retention code that use them.
 */
package io.cartographus.config;
