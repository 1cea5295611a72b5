/**
 * The logging context of an operation: {@link io.cartographus.log.LogContext} puts the action and the
 * backup id into SLF4J's MDC, which logback's pattern prints on every line, so that {@code grep <id>}
 * finds everything about one backup — including lines from nested operations and from the threads
 * that deliver its notifications.
 *
 * <p>{@link io.cartographus.log.LogFiles} adds {@code LOG_DIR/cartographus.log}, rolled daily and kept
 * two weeks, when LOG_DIR is set; without it the log goes to standard error only.
 */
package io.cartographus.log;
