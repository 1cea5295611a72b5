package io.cartographus.restore;

/**
 * What a read-only look at the live database found, for the {@link RestorePlanner}.
 *
 * @param readable whether the live database is open and answers queries
 * @param unavailableReason why it is not (null when readable)
 * @param hasData whether it holds a row worth a safety copy (an unreadable file counts as data)
 * @param records its playback events, or -1 when they could not be counted
 * @param fileBytes the size of the database file and its WAL on disk
 * @param freeBytes free space next to the database, or -1 when unknown
 */
public record LiveFacts(boolean readable, String unavailableReason, boolean hasData, long records, long fileBytes, long freeBytes) {
}
