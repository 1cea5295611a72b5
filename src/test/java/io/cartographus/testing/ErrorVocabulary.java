package io.cartographus.testing;

import io.cartographus.error.ErrorKind;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.Map;

/**
 * The documented error vocabulary (src/test/resources/error-vocabulary.csv): for each kind, the HTTP
 * status and the exit code it must map to. One table that both edges' tests read, so the two mappings
 * cannot drift apart without a test failing.
 */
public record ErrorVocabulary(Map<ErrorKind, Entry> entries) {
    public record Entry(ErrorKind kind, int httpStatus, int exitCode) {
    }

    public static ErrorVocabulary load() {
        try (InputStream in = ErrorVocabulary.class.getResourceAsStream("/error-vocabulary.csv")) {
            if (in == null) {
                throw new IllegalStateException("error-vocabulary.csv is not on the test class path");
            }
            Map<ErrorKind, Entry> entries = new EnumMap<>(ErrorKind.class);
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank() || line.startsWith("#") || line.startsWith("kind,")) {
                    continue;
                }
                String[] f = line.strip().split(",");
                Entry e = new Entry(ErrorKind.valueOf(f[0]), Integer.parseInt(f[1]), Integer.parseInt(f[2]));
                if (entries.put(e.kind(), e) != null) {
                    throw new IllegalStateException("error-vocabulary.csv lists " + e.kind() + " twice");
                }
            }
            return new ErrorVocabulary(Map.copyOf(entries));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
