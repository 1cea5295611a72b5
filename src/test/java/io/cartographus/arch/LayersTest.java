package io.cartographus.arch;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The layering rules of docs/design.md §1, checked on the main sources. */
class LayersTest {
    private static final PackageGraph MAIN = PackageGraph.scan(Path.of("src/main/java"));

    @Test
    void no_package_depends_on_itself_through_others() {
        assertThat(MAIN.cycles()).as("package cycles").isEmpty();
    }

    @Test
    void config_depends_on_no_other_package_of_ours() {
        assertThat(MAIN.uses().get("io.cartographus.config")).isEmpty();
    }

    @Test
    void only_main_knows_every_package_and_nothing_knows_main() {
        Map<String, Set<String>> users = new TreeMap<>();
        MAIN.uses().forEach((pkg, used) -> {
            if (used.contains("io.cartographus")) {
                users.put(pkg, used);
            }
        });
        assertThat(users).as("packages that use the root package (Main)").isEmpty();
    }

    static Stream<Arguments> frameworks() {
        return Stream.of(
                Arguments.of("io.javalin", List.of("io.cartographus.api")),
                Arguments.of("picocli", List.of("io.cartographus.cli")),
                Arguments.of("org.eclipse.jetty", List.of("io.cartographus.api")));
    }

    @ParameterizedTest(name = "{0} is imported only by {1}")
    @MethodSource("frameworks")
    void a_framework_is_known_to_its_edge_only(String framework, List<String> allowed) {
        MAIN.foreignImports().forEach((pkg, imports) -> {
            if (!allowed.contains(pkg)) {
                assertThat(imports).as("imports of %s", pkg).noneMatch(i -> i.startsWith(framework + "."));
            }
        });
    }

    @Test
    void the_scan_sees_a_cycle_when_there_is_one() {
        PackageGraph g = new PackageGraph(
                Map.of("a", Set.of("b"), "b", Set.of("c"), "c", Set.of("a"), "d", Set.of("a")), Map.of());
        assertThat(g.cycles()).containsExactly(List.of("a", "b", "c"));
    }
}
