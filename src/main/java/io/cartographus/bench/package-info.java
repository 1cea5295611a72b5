/**
 * The benchmark harness behind {@code cartographus bench}: it seeds a demo database, then
 * interleaves rounds of our backup, restore and validation with the command-line tools that do the
 * same job ({@code tar}, {@code zstd}, {@code gzip}, {@code cp}), measures how long writers wait
 * while a backup runs, the process's memory, and the catalog and retention at 10 000 backups, and
 * writes {@code docs/benchmarks.md} with PASS or FAIL against the performance targets. With
 * {@code --history} it runs only {@link io.cartographus.bench.History}: simulated days of 1 % change
 * with one backup a day by our deduplicated and plain backups, {@code restic} and {@code borg}, on
 * the same database copies, reported in {@code docs/benchmarks-history.md}.
 *
 * <p>It drives the engine exactly as production does: every engine comes from Main's wiring with a
 * configuration built from environment-style variables, so a change in the wiring is measured too.
 */
package io.cartographus.bench;
