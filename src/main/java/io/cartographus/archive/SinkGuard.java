package io.cartographus.archive;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Stands between the compressor chain and the caller's sink. Closing the chain only flushes the
 * sink, because the caller owns it (it may be an encryption stream or a digest). After a failure
 * the writer detaches the guard, so that freeing the chain's native resources cannot write a
 * trailer into a sink that is about to be thrown away.
 */
final class SinkGuard extends FilterOutputStream {
    private boolean detached;

    SinkGuard(OutputStream sink) {
        super(sink);
    }

    void detach() {
        detached = true;
    }

    @Override
    public void write(int b) throws IOException {
        if (!detached) {
            out.write(b);
        }
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        if (!detached) {
            out.write(b, off, len);
        }
    }

    @Override
    public void flush() throws IOException {
        if (!detached) {
            out.flush();
        }
    }

    @Override
    public void close() throws IOException {
        flush();
    }
}
