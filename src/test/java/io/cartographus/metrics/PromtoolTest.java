package io.cartographus.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the real promtool (Debian package {@code prometheus}) on our alert rules, their unit tests and
 * our scrape output. Without promtool the test is skipped locally, but fails on CI (CI=true), where
 * a silent skip would hide that the rules were never checked.
 */
class PromtoolTest {
    private static final Path DEPLOY = Path.of("deploy", "prometheus");

    @TempDir
    Path dir;

    @BeforeEach
    void promtoolIsInstalled() {
        boolean found = Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .anyMatch(p -> Files.isExecutable(Path.of(p, "promtool")));
        if (!found) {
            String why = "promtool is not on PATH (install Debian's 'prometheus' package: apt-get install -y prometheus)";
            if ("true".equals(System.getenv("CI"))) {
                fail(why);
            }
            Assumptions.assumeTrue(false, why);
        }
    }

    @Test
    void alert_rules_pass_check_rules() throws Exception {
        Result r = promtool(null, "check", "rules", DEPLOY.resolve("backup-alerts.yml").toString());
        assertThat(r.exit()).as(r.output()).isZero();
        assertThat(r.output()).contains("SUCCESS: 10 rules found");
    }

    @Test
    void alert_rule_unit_tests_pass() throws Exception {
        Result r = promtool(null, "test", "rules", DEPLOY.resolve("backup-alerts.test.yml").toString(),
                DEPLOY.resolve("backup-alerts.days.test.yml").toString());
        assertThat(r.exit()).as(r.output()).isZero();
        assertThat(r.output()).contains("SUCCESS");
    }

    @Test
    void example_scrape_config_is_valid_and_loads_the_rules() throws Exception {
        Result r = promtool(null, "check", "config", DEPLOY.resolve("prometheus.yml").toString());
        assertThat(r.exit()).as(r.output()).isZero();
        assertThat(r.output()).contains("SUCCESS: 1 rule files found");
    }

    @Test
    void every_alert_has_a_firing_and_a_silent_unit_test() throws Exception {
        String rules = Files.readString(DEPLOY.resolve("backup-alerts.yml"));
        String tests = Files.readString(DEPLOY.resolve("backup-alerts.test.yml")) + Files.readString(DEPLOY.resolve("backup-alerts.days.test.yml"));
        Matcher m = Pattern.compile("- alert: (\\w+)").matcher(rules);
        List<String> alerts = m.results().map(x -> x.group(1)).toList();
        assertThat(alerts).containsExactly("BackupFailed", "BackupOverdue", "BackupStorageLow",
                "BackupStorageLowSelfReported", "BackupVerificationFailed", "RestoreFailed", "BackupCorrupted", "BackupChunksDamaged",
                "RestoreDrillFailed", "RestoreDrillOverdue");
        for (String alert : alerts) {
            Pattern silent = Pattern.compile("alertname: " + alert + "\\n\\s+exp_alerts: \\[]");
            Pattern firing = Pattern.compile("alertname: " + alert + "\\n\\s+exp_alerts:\\n\\s+- exp_labels:");
            assertThat(silent.matcher(tests).find()).as(alert + " has a silent case").isTrue();
            assertThat(firing.matcher(tests).find()).as(alert + " has a firing case").isTrue();
        }
    }

    @Test
    void our_scrape_output_passes_check_metrics_without_lint_findings() throws Exception {
        String scrape = BackupMetricsTest.exercised(dir).scrape();
        Result r = promtool(scrape, "check", "metrics");
        assertThat(r.exit()).as(r.output()).isZero();
        assertThat(r.output()).isBlank();
    }

    /** Shows that the lint check above can fail, and why the catalog gauge is not named *_count. */
    @Test
    void check_metrics_rejects_a_gauge_with_count_suffix() throws Exception {
        String bad = "# HELP cartographus_backups_count Number of backups\n"
                + "# TYPE cartographus_backups_count gauge\n"
                + "cartographus_backups_count 5\n";
        Result r = promtool(bad, "check", "metrics");
        assertThat(r.exit()).isNotZero();
        assertThat(r.output()).contains("should not have \"_count\" suffix");
    }

    private record Result(int exit, String output) {
    }

    private Result promtool(String stdin, String... args) throws IOException, InterruptedException {
        List<String> command = Stream.concat(Stream.of("promtool"), Stream.of(args)).toList();
        Path out = dir.resolve("promtool.out");
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile());
        if (stdin == null) {
            pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        }
        Process p = pb.start();
        if (stdin != null) {
            try (var in = p.getOutputStream()) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
        }
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("promtool " + String.join(" ", args) + " did not finish within 60 s");
        }
        return new Result(p.exitValue(), Files.readString(out));
    }
}
