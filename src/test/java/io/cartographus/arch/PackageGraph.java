package io.cartographus.arch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Which of our packages each package uses, read from the source: imports (static ones too) and
 * fully qualified names in code (not in comments or string literals). A plain scan rather than ArchUnit: our sources are the only input
 * and the rule is simple enough to read in one screen.
 */
record PackageGraph(Map<String, Set<String>> uses, Map<String, Set<String>> foreignImports) {
    private static final Pattern PACKAGE = Pattern.compile("^package\\s+([\\w.]+);", Pattern.MULTILINE);
    private static final Pattern OURS = Pattern.compile("\\b(io\\.cartographus(?:\\.[a-z]\\w*)*)\\.[A-Z]");
    private static final Pattern IMPORT = Pattern.compile("^import\\s+(?:static\\s+)?([\\w.]+)", Pattern.MULTILINE);
    private static final Pattern COMMENT = Pattern.compile("/\\*.*?\\*/|//[^\\n]*|\"(?:\\\\.|[^\"\\\\\\n])*\"", Pattern.DOTALL);

    static PackageGraph scan(Path sourceRoot) {
        Map<String, Set<String>> uses = new TreeMap<>();
        Map<String, Set<String>> foreign = new TreeMap<>();
        try (Stream<Path> files = Files.walk(sourceRoot)) {
            for (Path file : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                String text = COMMENT.matcher(Files.readString(file)).replaceAll(" ");
                Matcher pkg = PACKAGE.matcher(text);
                if (!pkg.find()) {
                    continue;
                }
                String self = pkg.group(1);
                Set<String> mine = uses.computeIfAbsent(self, k -> new TreeSet<>());
                Matcher m = OURS.matcher(text.substring(pkg.end()));
                while (m.find()) {
                    if (!m.group(1).equals(self)) {
                        mine.add(m.group(1));
                    }
                }
                Matcher imp = IMPORT.matcher(text);
                while (imp.find()) {
                    if (!imp.group(1).startsWith("io.cartographus")) {
                        foreign.computeIfAbsent(self, k -> new TreeSet<>()).add(imp.group(1));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new PackageGraph(uses, foreign);
    }

    /** Strongly connected components of more than one package (Tarjan), each sorted. */
    List<List<String>> cycles() {
        Map<String, Integer> index = new HashMap<>();
        Map<String, Integer> low = new HashMap<>();
        Deque<String> stack = new ArrayDeque<>();
        Set<String> onStack = new TreeSet<>();
        List<List<String>> out = new ArrayList<>();
        int[] counter = {0};
        for (String v : uses.keySet()) {
            if (!index.containsKey(v)) {
                connect(v, index, low, stack, onStack, out, counter);
            }
        }
        return out;
    }

    private void connect(String v, Map<String, Integer> index, Map<String, Integer> low, Deque<String> stack,
            Set<String> onStack, List<List<String>> out, int[] counter) {
        index.put(v, counter[0]);
        low.put(v, counter[0]++);
        stack.push(v);
        onStack.add(v);
        for (String w : uses.getOrDefault(v, Set.of())) {
            if (!index.containsKey(w)) {
                connect(w, index, low, stack, onStack, out, counter);
                low.put(v, Math.min(low.get(v), low.get(w)));
            } else if (onStack.contains(w)) {
                low.put(v, Math.min(low.get(v), index.get(w)));
            }
        }
        if (low.get(v).equals(index.get(v))) {
            List<String> component = new ArrayList<>();
            String w;
            do {
                w = stack.pop();
                onStack.remove(w);
                component.add(w);
            } while (!w.equals(v));
            if (component.size() > 1) {
                component.sort(null);
                out.add(component);
            }
        }
    }
}
