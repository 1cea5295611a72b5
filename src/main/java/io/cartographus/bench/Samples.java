package io.cartographus.bench;

import java.util.ArrayList;
import java.util.List;

/** Repeated measurements of one operation, in milliseconds. */
final class Samples {
    private final List<Double> values = new ArrayList<>();

    void add(double millis) {
        values.add(millis);
    }

    void addNanos(long nanos) {
        values.add(nanos / 1e6);
    }

    int count() {
        return values.size();
    }

    boolean isEmpty() {
        return values.isEmpty();
    }

    /** The median: the middle value, or the mean of the two middle ones. */
    double median() {
        return percentile(50);
    }

    double min() {
        return values.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
    }

    double max() {
        return values.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
    }

    /**
     * The p-th percentile by linear interpolation between the closest ranks (p50 of an even count is
     * the mean of the middle two), so that small sample counts still give a stable value.
     */
    double percentile(double p) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        double rank = p / 100.0 * (sorted.size() - 1);
        int lo = (int) Math.floor(rank);
        int hi = (int) Math.ceil(rank);
        return sorted.get(lo) + (sorted.get(hi) - sorted.get(lo)) * (rank - lo);
    }

    List<Double> values() {
        return List.copyOf(values);
    }
}
