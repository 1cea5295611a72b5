package io.cartographus.config;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations written the way the guide (a Go project) writes them: {@code 24h}, {@code 90m},
 * {@code 1h30m}, {@code 1.5h}, {@code 0}, units ns, us, ms, s, m, h, plus {@code d} for whole days (Go has no
 * day unit, operators expect one). No sign, and a bare number is refused (Go refuses it too).
 */
final class GoDuration {
    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d*)?|\\.\\d+)(ns|us|µs|μs|ms|s|m|h|d)");
    private static final Map<String, Long> NANOS_PER_UNIT = Map.of(
            "ns", 1L, "us", 1_000L, "µs", 1_000L, "μs", 1_000L, "ms", 1_000_000L, "s", 1_000_000_000L,
            "m", 60_000_000_000L, "h", 3_600_000_000_000L, "d", 86_400_000_000_000L);
    private static final BigInteger MAX_NANOS = BigInteger.valueOf(Long.MAX_VALUE);

    private GoDuration() {
    }

    /** The duration, or null when the text is not one (or exceeds ~292 years, as in Go). */
    static Duration parse(String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        if (text.equals("0")) {
            return Duration.ZERO; // the one unit-less duration Go accepts
        }
        Matcher m = PART.matcher(text);
        BigDecimal nanos = BigDecimal.ZERO;
        int at = 0;
        while (at < text.length()) {
            if (!m.find(at) || m.start() != at) {
                return null;
            }
            nanos = nanos.add(new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(NANOS_PER_UNIT.get(m.group(2)))));
            at = m.end();
        }
        BigInteger whole = nanos.toBigInteger();
        return whole.compareTo(MAX_NANOS) > 0 ? null : Duration.ofNanos(whole.longValueExact());
    }

    /** Go-style text that {@link #parse} reads back exactly: {@code 24h}, {@code 1h30m}, {@code 1m0.5s}. */
    static String format(Duration d) {
        if (d.isZero()) {
            return "0s";
        }
        if (d.isNegative()) {
            throw new IllegalArgumentException("negative duration " + d);
        }
        StringBuilder s = new StringBuilder();
        long hours = d.toHours();
        int minutes = d.toMinutesPart();
        BigDecimal seconds = BigDecimal.valueOf(d.toSecondsPart()).add(BigDecimal.valueOf(d.toNanosPart(), 9));
        if (hours > 0) {
            s.append(hours).append('h');
        }
        if (minutes > 0 || (hours > 0 && seconds.signum() > 0)) {
            s.append(minutes).append('m');
        }
        if (seconds.signum() > 0) {
            s.append(seconds.stripTrailingZeros().toPlainString()).append('s');
        }
        return s.toString();
    }
}
