/**
 * The benchmark harness behind {@code cartographus bench}: it seeds a demo database, then
 * interleaves rounds of our backup, restore and validation with the command-line tools that do the
 * same job ({@code tar}, {@code zstd}, {@code gzip}, {@code cp}), measures how long writers wait
 * while a backup runs, the process's memory, and the catalog and retention at 10 000 backups, and
 * writes {@code docs/benchmarks.md} with PASS or FAIL against the performance targets.
 *
 * <p>It drives the engine exactly as production does: every engine comes from Main's wiring with a
 * configuration built from environment-style variables, so a change in the wiring is measured too.
 */
package io.cartographus.bench;
