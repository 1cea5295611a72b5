package io.cartographus.crypto;

/**
 * Where Tink's segments lie in an archive file, for error messages. After our header come Tink's
 * own stream header (its length byte, HKDF salt and nonce prefix) and the first segment, which
 * together take one segment size; every further segment takes one segment size, the last one less.
 */
record SegmentLayout(int headerLength, int tinkHeaderLength, int segmentSize) {
    /**
     * Which segment Tink was decrypting when it had consumed {@code consumed} bytes after our
     * header. Before it decrypts segment i, Tink reads up to one byte past it (that byte tells
     * whether this is the last segment), that is (i + 1) segment sizes plus one byte, unless the
     * file ended first, in which case segment i is the one the file ends in.
     */
    long segmentAt(long consumed, boolean atEndOfFile) {
        long segment = (consumed - 1) / segmentSize - (atEndOfFile ? 0 : 1);
        return Math.max(0, segment);
    }

    long firstByte(long segment) {
        return segment == 0 ? headerLength + tinkHeaderLength : headerLength + segment * segmentSize;
    }

    /** The last byte of the segment, or of the file if it ends inside the segment. */
    long lastByte(long segment, long consumed, boolean atEndOfFile) {
        long full = headerLength + (segment + 1) * segmentSize - 1;
        return atEndOfFile ? Math.min(full, headerLength + consumed - 1) : full;
    }
}
