package io.cartographus.catalog;

/**
 * Hears about each backup {@link Catalog#remove} deleted (by the API, the CLI or retention), after
 * its files are gone locally: the off-site copy mirrors deletions through this. Must not block.
 */
@FunctionalInterface
public interface DeletionListener {
    DeletionListener NONE = removed -> { };

    void deleted(BackupRecord removed);
}
