package io.cartographus.bench;

import java.util.EnumMap;
import java.util.Map;

/** What one benchmark run measured: times per operation, archive sizes, writer latencies. */
final class Measurements {
    private final Map<Op, Samples> times = new EnumMap<>(Op.class);
    private final Map<Op, Long> sizes = new EnumMap<>(Op.class);
    private final Map<Op, Samples> cpu = new EnumMap<>(Op.class);
    final Samples writerBaseline = new Samples();
    final Samples writerDuringBackup = new Samples();
    final Samples writerBaselineP99 = new Samples();
    final Samples writerDuringBackupP99 = new Samples();
    int writerFailures;

    void time(Op op, long nanos) {
        times.computeIfAbsent(op, o -> new Samples()).addNanos(nanos);
    }

    /** CPU time an operation used (ours: this process; a tool: its processes), when it could be read. */
    void cpu(Op op, long nanos) {
        if (nanos >= 0) {
            cpu.computeIfAbsent(op, o -> new Samples()).addNanos(nanos);
        }
    }

    Samples cpu(Op op) {
        return cpu.getOrDefault(op, new Samples());
    }

    /** The archive (or copy) size an operation produced; the last one wins, they do not vary. */
    void size(Op op, long bytes) {
        sizes.put(op, bytes);
    }

    Samples times(Op op) {
        return times.getOrDefault(op, new Samples());
    }

    Long size(Op op) {
        return sizes.get(op);
    }

    /** Median of {@code ours} over median of {@code tool}; NaN when either is missing. */
    double ratio(Op ours, Op tool) {
        return times(ours).median() / times(tool).median();
    }
}
