/**
 * The command line (the only package that knows picocli): {@code serve}, {@code backup …},
 * {@code token …}, {@code demo seed}, {@code audit}. Backup commands talk to a running server over
 * the API, or work offline on DATA_DIR when no server holds it. Exit codes are in {@link ExitCodes}.
 */
package io.cartographus.cli;
