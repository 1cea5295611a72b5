package io.cartographus.fs;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Passes writes through; close() only flushes. For a stream layered on a file we still have to
 * fsync and rename: the layer (a compressor, a cipher) may close, the file must not.
 */
public final class KeepOpenOutputStream extends FilterOutputStream {
    public KeepOpenOutputStream(OutputStream out) {
        super(out);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
    }

    @Override
    public void close() throws IOException {
        flush();
    }
}
