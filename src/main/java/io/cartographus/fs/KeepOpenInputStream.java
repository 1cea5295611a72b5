package io.cartographus.fs;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Passes reads through; close() does nothing. For a layer (a decompressor, a decipherer) that must be
 * closed to free its resources while the stream under it belongs to, and stays with, the caller.
 */
public final class KeepOpenInputStream extends FilterInputStream {
    public KeepOpenInputStream(InputStream in) {
        super(in);
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        return in.read(b, off, len);
    }

    @Override
    public void close() {
        // the caller owns the stream
    }
}
