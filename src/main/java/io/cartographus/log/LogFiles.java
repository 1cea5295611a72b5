package io.cartographus.log;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.TimeBasedRollingPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.LoggerFactory;

/**
 * Sends the log to {@code LOG_DIR/cartographus.log} as well as standard error, rolled at midnight
 * UTC to {@code cartographus.YYYY-MM-DD.log} and kept {@value #KEEP_DAYS} days, so that the guide's
 * {@code grep -i "delete" /var/log/cartographus/*.log} finds what happened in the last two weeks.
 * The lines are the same as on standard error: the pattern is taken from logback.xml's appender.
 */
public final class LogFiles {
    public static final String FILE_NAME = "cartographus.log";
    public static final int KEEP_DAYS = 14;
    private static final String APPENDER = "LOG_DIR";

    private LogFiles() {
    }

    /**
     * Creates {@code dir} when missing, checks that a file can be written in it, and attaches the
     * rolling appender to the root logger.
     *
     * @throws IOException when the directory cannot be created or written, or the appender does not start
     */
    public static void attach(Path dir) throws IOException {
        Files.createDirectories(dir);
        Path probe = Files.createTempFile(dir, ".write-check-", ".tmp");
        Files.delete(probe);
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        if (root.getAppender(APPENDER) != null) {
            return;
        }
        RollingFileAppender<ILoggingEvent> file = new RollingFileAppender<>();
        file.setContext(context);
        file.setName(APPENDER);
        file.setFile(dir.resolve(FILE_NAME).toString());
        TimeBasedRollingPolicy<ILoggingEvent> policy = new TimeBasedRollingPolicy<>();
        policy.setContext(context);
        policy.setParent(file);
        policy.setFileNamePattern(dir.resolve("cartographus.%d{yyyy-MM-dd,UTC}.log").toString());
        policy.setMaxHistory(KEEP_DAYS);
        policy.start();
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(pattern(root));
        encoder.start();
        file.setRollingPolicy(policy);
        file.setEncoder(encoder);
        file.start();
        if (!file.isStarted()) {
            throw new IOException("the log file " + dir.resolve(FILE_NAME) + " could not be opened (see the lines above)");
        }
        root.addAppender(file);
    }

    /** The console appender's pattern, so both destinations carry the same lines. */
    private static String pattern(Logger root) {
        for (var it = root.iteratorForAppenders(); it.hasNext(); ) {
            Appender<ILoggingEvent> a = it.next();
            if (a instanceof OutputStreamAppender<ILoggingEvent> o && o.getEncoder() instanceof PatternLayoutEncoder p) {
                return p.getPattern();
            }
        }
        return "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX,UTC} %-5level [%thread] %logger{24} - %msg%n";
    }
}
