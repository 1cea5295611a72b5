/**
 * Configuration: read once at start-up from the environment, a dotenv file and a restored
 * {@code DATA_DIR/config.env} ({@link io.cartographus.config.ConfigLoader}), validated as a whole
 * (every problem reported at once, nothing silently defaulted), then immutable records. Secrets
 * never leave this package in printable form; {@link io.cartographus.config.ConfigSnapshot} is the
 * only way configuration goes into archives and back.
 */
package io.cartographus.config;
