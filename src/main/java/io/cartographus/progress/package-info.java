/**
 * How far the running operation (a backup or a restore) has got: its phase, bytes done of the
 * phase's total, rate and an estimate of the time left, for the API, the CLI and the dashboard.
 * Promises: reading progress never blocks the operation (counters, no locks); a phase without a
 * known size reports bytes without a total and no estimate rather than a made-up percentage; an
 * estimate appears only once the phase has run long enough to measure a rate. Depends on nothing of ours.
 */
package io.cartographus.progress;
