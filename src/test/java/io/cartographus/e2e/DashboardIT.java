package io.cartographus.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.cartographus.auth.Role;
import io.cartographus.auth.TokenStore;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * The dashboard in Debian's headless Chromium against the real jar, on a demo-seeded database (big
 * enough that a level-9 full backup takes seconds, so a second one can be caught running). One server
 * and one browser serve every test; each test signs in and out itself.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardIT {
    private static final Duration SLOW = Duration.ofSeconds(120);

    private AppProcess app;
    private Browser browser;
    private Path downloads;
    private String viewer;
    private String operator;

    @BeforeAll
    void start(@TempDir Path tmp) throws Exception {
        Optional<String> missing = Browser.missing();
        if (missing.isPresent()) {
            if ("true".equals(System.getenv("CI"))) {
                fail("CI=true but the browser is not installed: " + missing.get());
            }
            Assumptions.abort("skipped, no browser: " + missing.get());
        }
        Path data = tmp.resolve("data");
        Map<String, String> env = new HashMap<>(Map.of("DATA_DIR", data.toString()));
        AppProcess.CliResult seed = AppProcess.cli(env, "demo", "seed", "--events", "50000");
        assertThat(seed.exit()).as(seed.err()).isZero();
        TokenStore tokens = new TokenStore(data.resolve("tokens.json"));
        viewer = tokens.create("wall-screen", Role.VIEWER).token();
        operator = tokens.create("night-shift", Role.OPERATOR).token();
        // Retention keeps only the best backup of today, so its preview has something to delete; it
        // runs only when asked (the scheduler is off), never behind another test's back.
        app = new AppProcess(data).withAdminToken().set("BACKUP_COMPRESSION_LEVEL", "9")
                .set("BACKUP_RETENTION_KEEP_RECENT_HOURS", "0").set("BACKUP_RETENTION_KEEP_DAILY_DAYS", "1")
                .set("BACKUP_RETENTION_KEEP_WEEKLY_WEEKS", "0").set("BACKUP_RETENTION_KEEP_MONTHLY_MONTHS", "0")
                .set("BACKUP_RETENTION_MIN_COUNT", "1").start();
        downloads = Files.createDirectories(tmp.resolve("downloads"));
        browser = new Browser(downloads);
    }

    @AfterAll
    void stop() throws Exception {
        if (browser != null) {
            browser.close();
        }
        if (app != null) {
            app.close();
        }
    }

    @BeforeEach
    void freshTab() {
        browser.viewport(1280, 800);
        browser.open(app.baseUrl());
        browser.js("sessionStorage.clear()");
        browser.open(app.baseUrl());
        browser.visible("#signin-form");
    }

    @AfterEach
    void noScriptErrors() {
        assertThat(browser.severeConsoleLines()).as("browser console errors (script errors, CSP violations)").isEmpty();
    }

    private void signIn(String token) {
        WebElement field = browser.visible("#token");
        field.clear();
        field.sendKeys(token, Keys.ENTER); // the keyboard alone signs in
        browser.visible("#dashboard");
        browser.visible("#status dd[data-stat='success_rate']");
    }

    private void signOut() {
        browser.click("#sign-out");
        browser.visible("#signin-form");
        assertThat(browser.js("return sessionStorage.getItem('cartographus.token')")).isNull();
        assertThat(browser.all("#backups tbody tr")).isEmpty();
        assertThat(browser.js("return document.activeElement.id")).isEqualTo("token");
    }

    private WebElement row(String id) {
        return browser.visible("#backups tr[data-id='" + id + "']");
    }

    private String waitUntilIdle() {
        return browser.until(d -> {
            try {
                JsonNode s = app.get("/api/v1/backup/status", AppProcess.ADMIN).json();
                return s.path("running").isNull() ? "idle" : null;
            } catch (Exception e) {
                return null;
            }
        }, SLOW);
    }

    /** A backup made through the API, waited for: its record. */
    private JsonNode backup(Map<String, String> request) throws Exception {
        AppProcess.Response made = app.post("/api/v1/backup/create", AppProcess.ADMIN, request);
        assertThat(made.status()).as(made.text()).isEqualTo(200);
        return made.json();
    }

    /** The record once its background verification has ended (or at once when verification is off). */
    private JsonNode verified(String id) {
        return browser.until(d -> {
            try {
                JsonNode r = app.get("/api/v1/backup/" + id, AppProcess.ADMIN).json();
                return "pending".equals(r.path("verification").path("status").asText()) ? null : r;
            } catch (Exception e) {
                return null;
            }
        }, SLOW);
    }

    /**
     * What a person cannot see of the elements matching css without scrolling sideways: each one that
     * is hidden, has no size, or sticks out of the viewport or of a box around it that clips or
     * scrolls (a table-wrap, the dialog). Empty when all are in sight; "nothing matches" is a failure.
     */
    private List<String> outOfSight(String css) {
        Object found = browser.js("""
                const els = [...document.querySelectorAll(arguments[0])];
                if (!els.length) return ['nothing matches ' + arguments[0]];
                return els.flatMap((el) => {
                  const r = el.getBoundingClientRect();
                  let left = 0;
                  let right = document.documentElement.clientWidth;
                  for (let p = el.parentElement; p; p = p.parentElement) {
                    if (getComputedStyle(p).overflowX === 'visible') continue;
                    const box = p.getBoundingClientRect();
                    left = Math.max(left, box.left);
                    right = Math.min(right, box.right);
                  }
                  const seen = el.checkVisibility() && r.width > 0 && r.height > 0 && r.left >= left - 1 && r.right <= right + 1;
                  return seen ? [] : [`${el.closest('tr')?.dataset.id} "${el.textContent.trim().slice(0, 30)}" spans `
                    + `${Math.round(r.left)}..${Math.round(r.right)} px, in sight ${Math.round(left)}..${Math.round(right)}`];
                });
                """, css);
        return ((List<?>) found).stream().map(String::valueOf).toList();
    }

    @Test
    void serves_the_pages_with_a_strict_policy_and_leaves_the_api_and_metrics_alone() throws Exception {
        AppProcess.Response page = app.get("/", null);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.raw().headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
        assertThat(page.raw().headers().firstValue("Content-Security-Policy").orElse("")).contains("default-src 'self'")
                .contains("frame-ancestors 'none'");
        assertThat(page.text()).contains("<script type=\"module\" src=\"app.js\">").doesNotContain("http://", "https://");
        for (String asset : List.of("/app.js", "/api.js", "/actions.js", "/compare.js", "/details.js", "/chart.js", "/format.js", "/style.css")) {
            AppProcess.Response r = app.get(asset, null);
            assertThat(r.status()).as(asset).isEqualTo(200);
            // The SVG namespace is a name, not a download.
            assertThat(r.text().replace("http://www.w3.org/2000/svg", "")).as(asset + " loads nothing from elsewhere")
                    .doesNotContain("https://", "http://", "@import");
        }
        AppProcess.Response unauthorized = app.get("/api/v1/backup/status", null);
        assertThat(unauthorized.status()).isEqualTo(401);
        assertThat(unauthorized.json().path("error").path("code").asText()).isEqualTo("UNAUTHORIZED");
        assertThat(app.get("/metrics", null).text()).contains("cartographus_backup_total");

        assertThat(app.get("/api/v1/auth/whoami", null).status()).isEqualTo(401);
        JsonNode me = app.get("/api/v1/auth/whoami", viewer).json();
        assertThat(me.path("name").asText()).isEqualTo("wall-screen");
        assertThat(me.path("role").asText()).isEqualTo("viewer");
        assertThat(me.size()).as("only name and role, never the token").isEqualTo(2);
        assertThat(app.get("/api/v1/auth/whoami", AppProcess.ADMIN).json().path("role").asText()).isEqualTo("admin");
    }

    @Test
    void an_admin_creates_validates_downloads_restores_deletes_and_signs_out() throws Exception {
        browser.screenshot("signin-1280x800");
        signIn(AppProcess.ADMIN);
        assertThat(browser.textOf("#who-role")).isEqualTo("admin");
        Object unlabelled = browser.js("return [...document.querySelectorAll('input, select, textarea')]"
                + ".filter(e => !e.labels.length && !e.getAttribute('aria-label')).map(e => e.name || e.id)");
        assertThat((List<?>) unlabelled).as("controls without a label").isEmpty();

        // Create, and watch it run.
        browser.click("#create-open");
        browser.visible("#create-dialog[open]");
        browser.visible("#create-notes").sendKeys("from the dashboard");
        assertThat(browser.textOf("#create-count")).isEqualTo("18 of 500 characters");
        browser.click("#create-submit");
        WebElement progress = browser.visible("#activity .activity-item");
        assertThat(progress.getText()).contains("is running");
        String id = progress.getAttribute("data-id");
        assertThat(id).matches("\\d{8}-\\d{6}-full");
        browser.visible(".notice-success", SLOW);
        assertThat(browser.textOf(".notice-success")).contains("Backup " + id + " completed").contains("50,000 records");
        WebElement created = browser.until(d -> {
            WebElement r = row(id);
            return "completed".equals(r.getAttribute("data-status")) ? r : null;
        }, SLOW);
        assertThat(created.getText()).contains("from the dashboard");
        assertThat(created.findElement(By.cssSelector("td[data-label='Size']")).getText()).matches("\\d+(\\.\\d)? (KiB|MiB)");
        JsonNode record = app.get("/api/v1/backup/" + id, AppProcess.ADMIN).json();
        WebElement time = created.findElement(By.cssSelector("td[data-label='Created'] time"));
        assertThat(time.getAttribute("datetime")).isEqualTo(record.path("created_at").asText());
        String local = DateTimeFormatter.ofPattern("MMM d, yyyy, h:mm:ss a", Locale.US)
                .format(Instant.parse(record.path("created_at").asText()).atZone(ZoneId.of(Browser.ZONE)));
        assertThat(time.getText().replaceAll("[\\s\u202f\u00a0]+", " ")).as("created_at in the browser's zone").isEqualTo(local);
        assertThat(browser.textOf("#status dd[data-stat='last_backup']")).contains(id);
        assertThat(browser.textOf("#range")).matches("1–\\d+ of \\d+");
        // A restore drill of it: the status panel shows when, which backup, passed, and the recovery time.
        assertThat(browser.textOf("#status dd[data-stat='last_drill']")).contains("None yet");
        AppProcess.Response drilled = app.post("/api/v1/backup/drill", AppProcess.ADMIN, null);
        assertThat(drilled.status()).as(drilled.text()).isEqualTo(200);
        browser.click("#refresh");
        browser.until(d -> browser.textOf("#status dd[data-stat='last_drill']").contains(id) ? true : null, SLOW);
        assertThat(browser.textOf("#status dd[data-stat='last_drill']")).contains("passed").contains("(local)").contains("recovery ");

        // Validate: the four checks.
        browser.click("button[data-action='validate'][data-id='" + id + "']");
        browser.visible("#validate-body li[data-check]", SLOW);
        List<WebElement> checks = browser.all("#validate-body li[data-check]");
        assertThat(checks).extracting(c -> c.getAttribute("data-check"))
                .containsExactly("checksum_valid", "archive_readable", "files_complete", "database_valid");
        assertThat(checks).allSatisfy(c -> assertThat(c.getAttribute("class")).contains("ok"));
        assertThat(browser.textOf("#validate-body .verdict")).contains("The backup is valid");
        browser.screenshot("validate-1280x800");
        browser.driver.switchTo().activeElement().sendKeys(Keys.ESCAPE);
        browser.gone("#validate-dialog[open]");

        // Download: fetched with the token, saved from a Blob, identical to the archive on disk.
        browser.click("button[data-action='download'][data-id='" + id + "']");
        Path archive = app.dataDir.resolve("backups").resolve(record.path("file_name").asText());
        Path saved = downloads.resolve(archive.getFileName());
        browser.until(d -> Files.exists(saved) ? saved : null, SLOW);
        browser.visible(".notice-success");
        assertThat(Files.readAllBytes(saved)).isEqualTo(Files.readAllBytes(archive));

        // Restore: the confirmation needs the id typed; the result shows the guide's fields.
        browser.click("button[data-action='restore'][data-id='" + id + "']");
        browser.visible("#restore-dialog[open]");
        Map<String, Boolean> defaults = Map.of("validate_only", false, "create_pre_restore_backup", true, "stop_services", true,
                "restore_database", true, "restore_config", true, "force_restore", false, "verify_after_restore", true);
        defaults.forEach((k, v) -> assertThat(browser.visible("#opt-" + k).isSelected()).as(k).isEqualTo(v));
        assertThat(browser.textOf("#restore-steps")).contains("validated first", "pre_restore", "paused", "reopened",
                "previous database is put back", "config.env");
        WebElement submit = browser.visible("#restore-submit");
        assertThat(submit.isEnabled()).isFalse();
        browser.click("#opt-force_restore");
        assertThat(browser.textOf("#restore-steps")).contains("Validation is skipped");
        browser.click("#opt-force_restore");
        browser.screenshot("restore-confirm-1280x800");
        WebElement confirm = browser.visible("#restore-confirm");
        confirm.sendKeys(id.substring(0, id.length() - 1));
        assertThat(submit.isEnabled()).as("a wrong id does not confirm").isFalse();
        confirm.sendKeys(id.substring(id.length() - 1));
        assertThat(submit.isEnabled()).isTrue();
        submit.click();
        browser.visible("#restore-result dd[data-field='success']", SLOW);
        Map<String, String> fields = new HashMap<>();
        for (WebElement dd : browser.all("#restore-result dd[data-field]")) {
            fields.put(dd.getAttribute("data-field"), dd.getText());
        }
        assertThat(fields).containsOnlyKeys("success", "backup_id", "pre_restore_backup_id", "database_restored", "config_restored",
                "records_restored", "duration_ms", "restart_required", "warnings", "errors");
        assertThat(fields).containsEntry("success", "true").containsEntry("backup_id", id)
                .containsEntry("database_restored", "true").containsEntry("config_restored", "true")
                .containsEntry("restart_required", "true").containsEntry("errors", "none");
        assertThat(fields.get("records_restored").replaceAll("\\D", "")).isEqualTo("50000");
        String preRestore = fields.get("pre_restore_backup_id");
        assertThat(preRestore).matches("\\d{8}-\\d{6}-pre-restore(-\\d+)?");
        browser.screenshot("restore-result-1280x800");
        browser.click("#restore-result [data-close]");
        browser.gone("#restore-dialog[open]");

        // Delete the safety backup the restore made, after confirming.
        WebElement pre = browser.until(d -> row(preRestore), SLOW);
        assertThat(pre.getText()).contains("pre restore");
        browser.click("button[data-action='delete'][data-id='" + preRestore + "']");
        browser.visible("#delete-dialog[open]");
        assertThat(browser.textOf("#delete-text")).contains("cannot be undone");
        assertThat(browser.js("return document.activeElement.textContent")).as("Cancel has the focus, not Delete").isEqualTo("Cancel");
        browser.click("#delete-confirm");
        browser.gone("#backups tr[data-id='" + preRestore + "']");
        assertThat(app.get("/api/v1/backup/" + preRestore, AppProcess.ADMIN).status()).isEqualTo(404);

        // Keyboard focus is visible.
        browser.visible("#refresh").sendKeys(Keys.SHIFT, Keys.TAB);
        browser.driver.switchTo().activeElement().sendKeys(Keys.TAB);
        assertThat(browser.js("return getComputedStyle(document.activeElement).outlineStyle")).isEqualTo("solid");

        browser.click("#refresh");
        browser.visible("#chart svg");
        browser.screenshot("dashboard-admin-1280x800");
        browser.screenshotFullPage("dashboard-admin-1280-full");
        browser.viewport(390, 844);
        browser.until(d -> ((Number) browser.js("return Number(document.querySelector('#chart svg').getAttribute('width'))")).intValue() < 390,
                Duration.ofSeconds(10));
        assertThat(((Number) browser.js("return document.documentElement.scrollWidth")).intValue()).as("no sideways scrolling")
                .isLessThanOrEqualTo(390);
        browser.screenshot("dashboard-admin-390x844");
        browser.screenshotFullPage("dashboard-admin-390-full");
        browser.click("button[data-action='restore'][data-id='" + id + "']");
        browser.visible("#restore-dialog[open]");
        browser.screenshot("restore-confirm-390x844");
        browser.click("#restore-dialog [data-close]");
        browser.viewport(1280, 800);

        signOut();
        assertThat(browser.textOf("#notices")).contains("Signed out.");
    }

    @Test
    void a_viewer_sees_no_actions_and_an_operator_only_create_and_validate() throws Exception {
        waitUntilIdle();
        String id = null;
        for (int i = 0; i < 11; i++) { // config backups are quick; 11 fill more than one page of 10
            id = backup(Map.of("type", "config", "notes", "for the viewer")).path("id").asText();
        }
        int configs = app.get("/api/v1/backup/list?type=config", AppProcess.ADMIN).json().path("total").asInt();

        browser.visible("#token").sendKeys("cgr_not-a-real-token", Keys.ENTER);
        assertThat(browser.visible("#signin-error").getText()).isEqualTo("Invalid or revoked token");

        signIn(viewer);
        assertThat(browser.textOf("#who-name")).isEqualTo("wall-screen");
        row(id);
        assertThat(browser.all("#toolbar button")).isEmpty();
        assertThat(browser.all("#backups button[data-action]")).isEmpty();
        assertThat(browser.all("#backups th.col-actions")).singleElement().satisfies(th -> assertThat(th.isDisplayed()).isFalse());
        browser.screenshot("dashboard-viewer-1280x800");

        // Filters and pages.
        new Select(browser.visible("#f-type")).selectByValue("config");
        new Select(browser.visible("#f-limit")).selectByValue("10");
        browser.until(d -> browser.textOf("#range").equals("1–10 of " + configs), Duration.ofSeconds(10));
        assertThat(browser.all("#backups tbody tr")).hasSize(10)
                .allSatisfy(r -> assertThat(r.findElement(By.cssSelector("td[data-label='Type']")).getText()).startsWith("config"));
        assertThat(browser.visible("#prev").isEnabled()).isFalse();
        browser.click("#next");
        browser.until(d -> browser.textOf("#range").startsWith("11–"), Duration.ofSeconds(10));
        browser.click("#prev");
        browser.until(d -> browser.textOf("#range").startsWith("1–10 "), Duration.ofSeconds(10));
        new Select(browser.visible("#f-status")).selectByValue("failed");
        browser.until(d -> browser.textOf("#backups tbody").equals("No backups match these filters."), Duration.ofSeconds(10));
        assertThat(browser.textOf("#range")).isEqualTo("0 backups");
        browser.viewport(390, 844);
        browser.screenshot("dashboard-viewer-390x844");
        browser.viewport(1280, 800);
        browser.driver.executeCdpCommand("Emulation.setEmulatedMedia",
                Map.of("features", List.of(Map.of("name", "prefers-color-scheme", "value", "dark"))));
        browser.screenshot("dashboard-viewer-dark-1280x800");
        browser.driver.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("features", List.of()));
        signOut();

        signIn(operator);
        row(id);
        assertThat(browser.all("#toolbar button")).extracting(WebElement::getText).containsExactly("Create backup");
        // Comparing is read-only like validating; the table restore inside it stays with admins (see the compare test).
        assertThat(browser.all("#backups button[data-action]")).extracting(b -> b.getAttribute("data-action")).contains("validate")
                .isSubsetOf("validate", "compare");
        signOut();
    }

    @Test
    void a_second_create_while_a_backup_runs_says_which_operation_is_running() throws Exception {
        waitUntilIdle();
        int before = app.get("/api/v1/backup/list", AppProcess.ADMIN).json().path("total").asInt();
        signIn(operator);
        browser.click("#create-open");
        browser.visible("#create-dialog[open]");
        AppProcess.Response slow = app.post("/api/v1/backup/create?wait=false", AppProcess.ADMIN, Map.of("type", "full"));
        assertThat(slow.status()).as(slow.text()).isEqualTo(202);
        String running = slow.json().path("id").asText();
        browser.click("#create-submit");
        WebElement error = browser.until(d -> {
            WebElement e = d.findElement(By.id("create-error"));
            return e.getText().isEmpty() ? null : e;
        }, Duration.ofSeconds(20));
        assertThat(app.get("/api/v1/backup/" + running, AppProcess.ADMIN).json().path("status").asText())
                .as("the first backup was still running when the second was refused").isIn("in_progress", "completed");
        assertThat(error.getText()).startsWith("Another operation is running: backup ").contains("Wait for it to finish")
                .doesNotContain("{", "\"code\"", "BUSY");
        assertThat(browser.visible("#create-dialog[open]").isDisplayed()).as("the dialog stays open for another try").isTrue();
        browser.screenshot("busy-409-1280x800");
        browser.click("#create-dialog [data-close]");
        browser.click("#refresh");
        assertThat(browser.textOf("#status dd[data-stat='running']")).satisfiesAnyOf(
                t -> assertThat(t).contains(running), t -> assertThat(t).isEqualTo("Nothing"));
        waitUntilIdle();
        assertThat(app.get("/api/v1/backup/list", AppProcess.ADMIN).json().path("total").asInt())
                .as("the refused create left no record").isEqualTo(before + 1);
        signOut();
    }

    @Test
    void the_chart_draws_each_completed_backup_inside_its_axes_at_any_width() throws Exception {
        // Two weeks of made-up history drawn by the page's own chart module; the failed one is left out.
        List<Map<String, Object>> history = new ArrayList<>();
        Instant start = Instant.parse("2026-03-01T02:00:00Z");
        for (int day = 0; day < 14; day++) {
            history.add(Map.of("id", "202603" + String.format(Locale.ROOT, "%02d", day + 1) + "-020000-full",
                    "status", day == 5 ? "failed" : "completed", "created_at", start.plus(Duration.ofDays(day)).toString(),
                    "size_bytes", (10L + 2L * day) * 1024 * 1024, "duration_ms", 2000 + 500L * day));
        }
        for (int width : new int[] {1280, 390}) {
            browser.viewport(width, width == 390 ? 844 : 800);
            Object drawn = browser.jsAsync("""
                    const [history, done] = arguments;
                    import('/chart.js').then((m) => {
                      document.getElementById('chart-probe')?.remove();
                      const box = document.createElement('div');
                      box.id = 'chart-probe';
                      box.className = 'panel';
                      document.querySelector('main').prepend(box);
                      m.mountChart(box).update(history);
                      const svg = box.querySelector('svg');
                      const w = Number(svg.getAttribute('width'));
                      const h = Number(svg.getAttribute('height'));
                      const inside = [...svg.querySelectorAll('circle')].every((c) =>
                        c.cx.baseVal.value >= 60 && c.cx.baseVal.value <= w - 50 && c.cy.baseVal.value >= 20 && c.cy.baseVal.value <= h - 30);
                      done({circles: svg.querySelectorAll('circle').length, squares: svg.querySelectorAll('rect').length,
                        rows: box.querySelectorAll('details tbody tr').length, inside, width: w,
                        label: svg.getAttribute('aria-label'), overflow: document.documentElement.scrollWidth});
                    }, (e) => done({error: String(e)}));
                    """, history);
            @SuppressWarnings("unchecked")
            Map<String, Object> r = (Map<String, Object>) drawn;
            assertThat(r).doesNotContainKey("error").containsEntry("circles", 13L).containsEntry("squares", 13L)
                    .containsEntry("rows", 13L).containsEntry("inside", true);
            assertThat(((Number) r.get("width")).intValue()).isLessThanOrEqualTo(width);
            assertThat(((Number) r.get("overflow")).intValue()).isLessThanOrEqualTo(width);
            assertThat((String) r.get("label")).contains("13 completed backups").contains("Largest 36 MiB");
            browser.screenshot("chart-" + width);
        }
    }

    @Test
    void a_damaged_backup_fails_validation_and_its_restore_is_refused_with_the_reasons() throws Exception {
        waitUntilIdle();
        JsonNode made = backup(Map.of("type", "database", "notes", "to be damaged"));
        String id = made.path("id").asText();
        // Damage comes after the background verification, as bit rot would: otherwise that verification
        // may hold a validation slot (the dashboard's validate is then a 409) or mark it corrupted first.
        verified(id);
        Path archive = app.dataDir.resolve("backups").resolve(made.path("file_name").asText());
        try (RandomAccessFile f = new RandomAccessFile(archive.toFile(), "rw")) {
            f.seek(f.length() / 2);
            int b = f.read();
            f.seek(f.length() / 2);
            f.write(b ^ 0xFF);
        }
        signIn(AppProcess.ADMIN);
        browser.click("button[data-action='restore'][data-id='" + id + "']");
        assertThat(browser.visible("#opt-restore_config").isEnabled()).as("a database backup has no configuration").isFalse();
        assertThat(browser.textOf("#restore-steps")).doesNotContain("config.env");
        browser.visible("#restore-confirm").sendKeys(id);
        browser.click("#restore-submit");
        browser.visible("#restore-result dd[data-field='success']", SLOW);
        assertThat(browser.textOf("#restore-result dd[data-field='success']")).isEqualTo("false");
        assertThat(browser.textOf("#restore-result dd[data-field='database_restored']")).isEqualTo("false");
        assertThat(browser.textOf("#restore-result .error")).contains("Backup " + id + " did not validate; nothing was changed");
        assertThat(browser.textOf("#restore-result dd[data-field='errors']")).containsIgnoringCase("checksum");
        browser.screenshot("restore-refused-1280x800");
        browser.click("#restore-result [data-close]");

        // A validation records the damage: the backup is corrupted and no longer offers a restore.
        browser.click("button[data-action='validate'][data-id='" + id + "']");
        browser.visible("#validate-body li[data-check]", SLOW);
        assertThat(browser.textOf("#validate-body .verdict")).contains("not valid");
        assertThat(browser.visible("#validate-body li[data-check='checksum_valid']").getAttribute("class")).contains("bad");
        assertThat(browser.textOf("#validate-body .messages")).containsIgnoringCase("checksum");
        browser.screenshot("validate-damaged-1280x800");
        browser.click("#validate-dialog [data-close]");
        browser.until(d -> "corrupted".equals(row(id).getAttribute("data-status")) ? true : null, SLOW);
        assertThat(row(id).findElements(By.cssSelector("button[data-action='restore']"))).isEmpty();
        signOut();
    }

    @Test
    void retention_preview_gives_every_backup_a_reason_and_apply_takes_a_second_click() throws Exception {
        waitUntilIdle();
        for (int i = 0; i < 2; i++) {
            assertThat(app.post("/api/v1/backup/create", AppProcess.ADMIN, Map.of("type", "config")).status()).isEqualTo(200);
        }
        JsonNode plan = app.get("/api/v1/backup/retention/preview", AppProcess.ADMIN).json();
        int doomed = plan.path("to_delete").size();
        int before = app.get("/api/v1/backup/list?status=completed", AppProcess.ADMIN).json().path("total").asInt();
        assertThat(doomed).as(plan.toString()).isPositive();

        signIn(AppProcess.ADMIN);
        browser.click("#retention-open");
        browser.visible("#retention-body table", SLOW);
        List<WebElement> reasons = browser.all("#retention-body td.reason");
        assertThat(reasons).hasSize(plan.path("decisions").size())
                .allSatisfy(td -> assertThat(td.getText()).matches("(?s)(kept|deleted): .+"));
        assertThat(browser.textOf("#retention-body")).contains("Nothing is deleted by this preview", "would keep", "Policy:");
        browser.screenshot("retention-1280x800");
        WebElement apply = browser.visible("#retention-apply");
        apply.click();
        browser.screenshot("retention-armed-1280x800");
        assertThat(apply.getText()).as("the first click only arms it").isEqualTo("Delete " + doomed + " backup" + (doomed == 1 ? "" : "s") + " now");
        assertThat(app.get("/api/v1/backup/list?status=completed", AppProcess.ADMIN).json().path("total").asInt()).isEqualTo(before);
        apply.click();
        browser.visible("#retention-body .verdict", SLOW);
        assertThat(browser.textOf("#retention-body .verdict")).contains("Retention applied: " + doomed + " deleted");
        assertThat(app.get("/api/v1/backup/list?status=completed", AppProcess.ADMIN).json().path("total").asInt()).isEqualTo(before - doomed);
        browser.click("#retention-dialog [data-close]");
        signOut();
    }

    @Test
    void a_deleted_user_shows_as_only_in_backup_and_a_merge_table_restore_brings_their_events_back() throws Exception {
        waitUntilIdle();
        long user = 777_001;
        List<Map<String, Object>> events = Events.batch(5, 0);
        for (int i = 0; i < events.size(); i++) {
            events.get(i).put("id", "compare-" + i);
            events.get(i).put("user_id", user);
            events.get(i).put("username", "to-be-deleted");
        }
        assertThat(app.post("/api/v1/sync", AppProcess.ADMIN, events).status()).isEqualTo(200);
        JsonNode made = backup(Map.of("type", "database", "notes", "before the accident"));
        String id = made.path("id").asText();
        long expected = app.get("/api/v1/stats", AppProcess.ADMIN).json().path("total_playbacks").asLong();
        AppProcess.Response deleted = app.call("DELETE", "/api/v1/users/" + user, AppProcess.ADMIN, null, null);
        assertThat(deleted.status()).as(deleted.text()).isEqualTo(200);
        assertThat(app.get("/api/v1/stats", AppProcess.ADMIN).json().path("total_playbacks").asLong()).isEqualTo(expected - 5);

        signIn(AppProcess.ADMIN);
        browser.click("button[data-action='compare'][data-id='" + id + "']");
        browser.visible("#compare-dialog[open]");
        String missingEvents = "#compare-body tr[data-table='playback_events'] td[data-field='only_in_backup']";
        browser.until(d -> browser.all("#compare-body table, #compare-body .error").isEmpty() ? null : true, SLOW);
        assertThat(browser.all("#compare-body .error")).as(() -> browser.textOf("#compare-body")).isEmpty();
        assertThat(browser.textOf(missingEvents)).isEqualTo("5");
        assertThat(browser.textOf("#compare-body")).doesNotContain("null", "undefined");
        assertThat(browser.textOf("#compare-body tr[data-table='users'] td[data-field='only_in_backup']")).isEqualTo("1");
        assertThat(browser.textOf("#compare-body tr[data-table='playback_events'] td[data-field='only_in_live']")).isEqualTo("0");
        assertThat(browser.all("#compare-body thead th")).extracting(WebElement::getText)
                .containsExactly("TABLE", "BACKUP ROWS", "LIVE ROWS", "ONLY IN BACKUP", "ONLY IN LIVE", "CHANGED");
        // The tables that lost rows are preselected, and merge is the mode: it keeps anything synced since.
        assertThat(browser.visible("#tbl-users").isSelected()).isTrue();
        assertThat(browser.visible("#tbl-playback_events").isSelected()).isTrue();
        assertThat(browser.all("#compare-form input[name='mode']")).filteredOn(WebElement::isSelected)
                .extracting(e -> e.getAttribute("value")).containsExactly("merge");
        assertThat(browser.textOf("#compare-steps")).contains("validated first", "pre_restore", "Merge", "one transaction");
        browser.click("#compare-form input[name='mode'][value='replace']");
        assertThat(browser.textOf("#compare-steps")).contains("Replace", "are lost");
        browser.click("#compare-form input[name='mode'][value='merge']");
        browser.screenshot("compare-1280x800");

        // The same confirmation as the full restore: the id typed in.
        WebElement submit = browser.visible("#compare-submit");
        assertThat(submit.isEnabled()).isFalse();
        WebElement confirm = browser.visible("#compare-confirm");
        confirm.sendKeys(id.substring(0, id.length() - 1));
        assertThat(submit.isEnabled()).as("a wrong id does not confirm").isFalse();
        confirm.sendKeys(id.substring(id.length() - 1));
        assertThat(submit.isEnabled()).isTrue();
        submit.click();
        browser.visible("#compare-result dd[data-field='success']", SLOW);
        assertThat(browser.textOf("#compare-result dd[data-field='success']")).isEqualTo("true");
        assertThat(browser.textOf("#compare-result dd[data-field='mode']")).isEqualTo("merge");
        assertThat(browser.textOf("#compare-result dd[data-field='tables_restored']")).isEqualTo("users: 1, playback_events: 5");
        assertThat(browser.textOf("#compare-result dd[data-field='restart_required']")).isEqualTo("false");
        assertThat(browser.textOf("#compare-result dd[data-field='pre_restore_backup_id']")).matches("\\d{8}-\\d{6}-pre-restore(-\\d+)?");
        browser.screenshot("compare-result-1280x800");

        JsonNode stats = app.get("/api/v1/stats", AppProcess.ADMIN).json();
        assertThat(stats.path("total_playbacks").asLong()).as("the user's events are back, without a re-sync").isEqualTo(expected);

        browser.click("#compare-again");
        browser.until(d -> "0".equals(browser.textOf(missingEvents)) ? true : null, SLOW);
        assertThat(browser.textOf("#compare-body tr[data-table='users'] td[data-field='only_in_backup']")).isEqualTo("0");
        browser.click("#compare-form [data-close]");
        browser.gone("#compare-dialog[open]");
        signOut();
        // The other tests count the fixture's 50,000 events.
        assertThat(app.call("DELETE", "/api/v1/users/" + user, AppProcess.ADMIN, null, null).status()).isEqualTo(200);
    }

    @Test
    void a_live_database_that_does_not_open_gets_a_banner_that_offers_the_restore(@TempDir Path tmp) throws Exception {
        Path data = tmp.resolve("broken");
        String good;
        try (AppProcess first = new AppProcess(data).withAdminToken().start()) {
            assertThat(first.post("/api/v1/sync", AppProcess.ADMIN, Events.batch(30, 0)).status()).isEqualTo(200);
            good = first.post("/api/v1/backup/create", AppProcess.ADMIN, Map.of("type", "database")).json().path("id").asText();
        }
        Files.write(data.resolve("cartographus.duckdb"), "this is not a database ".repeat(1000).getBytes(StandardCharsets.UTF_8));
        try (AppProcess broken = new AppProcess(data).withAdminToken().start()) {
            assertThat(broken.get("/api/v1/health/ready", null).status()).isEqualTo(503);
            browser.open(broken.baseUrl());
            browser.visible("#signin-form");
            signIn(AppProcess.ADMIN);
            WebElement banner = browser.visible("#live-banner");
            assertThat(banner.getText()).contains("The live database does not open", good, "kept aside");
            browser.screenshot("live-database-broken-1280x800");
            browser.click("#live-restore");
            browser.visible("#restore-confirm").sendKeys(good);
            browser.click("#restore-submit");
            browser.visible("#restore-result dd[data-field='success']", SLOW);
            assertThat(browser.textOf("#restore-result dd[data-field='success']")).isEqualTo("true");
            browser.click("#restore-result [data-close]");
            browser.click("#refresh");
            browser.until(d -> browser.js("return document.getElementById('live-banner').hidden") == Boolean.TRUE ? true : null, SLOW);
            assertThat(broken.get("/api/v1/stats", AppProcess.ADMIN).json().path("total_playbacks").asLong()).isEqualTo(30);
            signOut();
        }
    }

    @Test
    void a_viewer_opens_a_backups_details_from_its_id_and_sees_the_apis_record() throws Exception {
        waitUntilIdle();
        JsonNode made = backup(Map.of("type", "database", "notes", "read at 3 a.m."));
        String id = made.path("id").asText();
        JsonNode record = verified(id); // settled, so the dialog shows the same record

        signIn(viewer);
        WebElement opener = row(id).findElement(By.cssSelector("button[data-details]"));
        opener.click();
        browser.visible("#details-dialog[open] dd[data-field='status']", SLOW);
        assertThat(browser.js("return document.getElementById('details-dialog').contains(document.activeElement)"))
                .as("the focus moves into the dialog").isEqualTo(true);
        Map<String, String> shown = new HashMap<>();
        for (WebElement dd : browser.all("#details-body dd[data-field]")) {
            shown.put(dd.getAttribute("data-field"), dd.getText());
        }
        assertThat(browser.textOf("#details-title")).contains(id);
        assertThat(shown).containsEntry("id", id).containsEntry("type", "database").containsEntry("trigger", "manual")
                .containsEntry("status", record.path("status").asText()).containsEntry("notes", "read at 3 a.m.")
                .containsEntry("checksum", record.path("checksum").asText())
                .containsEntry("file_name", record.path("file_name").asText())
                .containsEntry("record_count", String.format(Locale.US, "%,d", record.path("record_count").asLong()));
        assertThat(shown.get("size_bytes")).endsWith("(" + String.format(Locale.US, "%,d", record.path("size_bytes").asLong()) + " bytes)");
        assertThat(shown.get("created_at")).matches("(?s).*\\d{1,2}:\\d{2}:\\d{2}.*(ago|now)");
        assertThat(browser.visible("#details-body dd[data-field='created_at'] time").getAttribute("datetime"))
                .isEqualTo(record.path("created_at").asText());
        JsonNode v = record.path("verification");
        if (v.isObject()) {
            String badge = Map.of("passed", "✓ verified", "failed", "✗ failed", "pending", "pending").get(v.path("status").asText());
            assertThat(shown.get("verification")).startsWith(badge);
        } else {
            assertThat(shown.get("verification")).startsWith("off");
        }
        assertThat(shown.get("encryption")).startsWith(record.path("encryption").isNull() ? "not encrypted" : "encrypted");
        assertThat(shown.get("compression")).startsWith(record.path("compression").path("algorithm").asText("off"));
        assertThat(shown).as("no offsite copies are configured").doesNotContainKey("offsite");
        assertThat(record.path("tables").size()).isPositive();
        for (Map.Entry<String, JsonNode> t : record.path("tables").properties()) {
            assertThat(browser.textOf("#details-body tr[data-table='" + t.getKey() + "'] td")).as(t.getKey())
                    .isEqualTo(String.format(Locale.US, "%,d", t.getValue().asLong()));
        }
        assertThat(browser.textOf("#details-body")).doesNotContain("undefined", "null", "NaN", "[object");
        browser.screenshot("details-1280x800");
        browser.viewport(390, 844);
        assertThat(outOfSight("#details-body dd[data-field='checksum']")).as("the checksum wraps at 390 px").isEmpty();
        browser.screenshot("details-390x844");
        browser.viewport(1280, 800);

        browser.driver.switchTo().activeElement().sendKeys(Keys.ESCAPE);
        browser.gone("#details-dialog[open]");
        assertThat(browser.js("return document.activeElement.dataset.details")).as("the focus returns to the id").isEqualTo(id);
        // The keyboard alone: Enter on the id opens it again, the Close button closes it.
        browser.driver.switchTo().activeElement().sendKeys(Keys.ENTER);
        browser.visible("#details-dialog[open] dd[data-field='status']", SLOW);
        browser.click("#details-dialog [data-close]");
        browser.gone("#details-dialog[open]");
        signOut();
    }

    @Test
    void at_1280_1024_and_390_px_every_restore_button_and_each_retention_decision_and_reason_are_in_sight() throws Exception {
        waitUntilIdle();
        backup(Map.of("type", "database"));
        signIn(AppProcess.ADMIN);
        for (int[] size : new int[][] {{1280, 800}, {1024, 768}, {390, 844}}) {
            String at = size[0] + "x" + size[1];
            browser.viewport(size[0], size[1]);
            browser.visible("#backups button[data-action='restore']");
            assertThat(outOfSight("#backups button[data-action='restore']")).as("Restore… at " + at).isEmpty();
            assertThat(outOfSight("#backups button[data-action]")).as("every action at " + at).isEmpty();
            assertThat(((Number) browser.js("return document.documentElement.scrollWidth")).intValue()).as("no sideways scrolling at " + at)
                    .isLessThanOrEqualTo(size[0]);
            browser.screenshot("list-" + at);

            browser.click("#retention-open");
            browser.visible("#retention-body table", SLOW);
            int decisions = browser.all("#retention-body tbody tr").size();
            assertThat(decisions).isPositive();
            String decision = "#retention-body tbody td:nth-child(4) .badge";
            String reason = "#retention-body tbody td.reason";
            assertThat(browser.all(decision + ", " + reason)).hasSize(2 * decisions).allSatisfy(td -> assertThat(td.isDisplayed()).isTrue());
            assertThat(outOfSight(decision)).as("Decision at " + at).isEmpty();
            assertThat(outOfSight(reason)).as("Reason at " + at).isEmpty();
            browser.screenshot("retention-" + at);
            browser.click("#retention-dialog [data-close]");
            browser.gone("#retention-dialog[open]");
        }
        browser.viewport(1280, 800);
        signOut();
    }
}
