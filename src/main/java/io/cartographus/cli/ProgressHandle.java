package io.cartographus.cli;

/** Something shown while a long call runs; closing never throws, so try-with-resources needs no catch. */
interface ProgressHandle extends AutoCloseable {
    @Override
    void close();
}
