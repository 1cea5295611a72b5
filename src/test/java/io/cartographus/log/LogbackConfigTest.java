package io.cartographus.log;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.status.Status;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/** The packaged logback.xml: it loads without errors (else logback falls back to DEBUG on stdout) and prints the context. */
class LogbackConfigTest {
    private final PrintStream realErr = System.err;

    @AfterEach
    void restore() {
        System.setErr(realErr);
        MDC.clear();
    }

    @Test
    void the_packaged_configuration_loads_cleanly_and_every_line_of_a_backup_names_it() throws Exception {
        URL config = getClass().getResource("/logback.xml");
        assertThat(config).isNotNull();
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        // The context SLF4J uses (so that MDC is the one LogContext writes), configured afresh from the file.
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        context.reset();
        context.getStatusManager().clear();
        JoranConfigurator joran = new JoranConfigurator();
        joran.setContext(context);
        joran.doConfigure(config);
        assertThat(context.getStatusManager().getCopyOfStatusList()).filteredOn(s -> s.getLevel() >= Status.WARN)
                .as("logback status warnings and errors").isEmpty();
        Logger log = context.getLogger("io.cartographus.backup.BackupJob");
        try (LogContext c = LogContext.open("backup", "20260101-020000-full")) {
            log.info("backup {} completed", "20260101-020000-full");
        }
        log.info("no operation");
        String[] lines = captured.toString(StandardCharsets.UTF_8).split("\n");
        assertThat(lines[0]).contains(" [backup 20260101-020000-full] - backup 20260101-020000-full completed");
        assertThat(lines[1]).endsWith("i.c.backup.BackupJob - no operation");
    }
}
