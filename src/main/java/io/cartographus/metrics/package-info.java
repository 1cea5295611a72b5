/**
 * Prometheus metrics of the backup system ({@link io.cartographus.metrics.BackupMetrics}), exposed with
 * exactly the guide's names and checked by promtool; alert rules live in {@code deploy/prometheus/}.
 */
package io.cartographus.metrics;
