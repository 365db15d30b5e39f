package dev.hearth.home.observability;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.AppenderBase;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.LoggerFactory;

/**
 * Every log event of the JVM while open, captured as the thread wrote it (its thread name and MDC read at once, before
 * the thread moves on); optionally with some loggers made more verbose. Close it to detach and restore levels.
 */
public final class CapturedLogs extends AppenderBase<ILoggingEvent> implements AutoCloseable {
    /** One log event as the line it would print, plus where it came from. */
    public record Line(String thread, Map<String, String> mdc, String level, String logger, String text) {
        @Override
        public String toString() {
            return level + " [" + thread + "] " + mdc + " " + logger + ": " + text;
        }
    }

    private final List<Line> lines = new CopyOnWriteArrayList<>();
    private final Map<Logger, Level> restore = new HashMap<>();

    private CapturedLogs() {
    }

    /** Starts capturing; {@code verbose} sets those loggers' levels until {@link #close()}. */
    public static CapturedLogs start(Map<String, Level> verbose) {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        CapturedLogs logs = new CapturedLogs();
        logs.setContext(context);
        logs.setName("captured-logs");
        logs.start();
        verbose.forEach((name, level) -> {
            Logger logger = context.getLogger(name);
            logs.restore.put(logger, logger.getLevel());
            logger.setLevel(level);
        });
        context.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(logs);
        return logs;
    }

    @Override
    protected void append(ILoggingEvent event) {
        String text = event.getFormattedMessage();
        if (event.getThrowableProxy() != null) {
            text += System.lineSeparator() + ThrowableProxyUtil.asString(event.getThrowableProxy());
        }
        lines.add(new Line(event.getThreadName(), Map.copyOf(event.getMDCPropertyMap()), event.getLevel().toString(),
                event.getLoggerName(), text));
    }

    public List<Line> lines() {
        return List.copyOf(lines);
    }

    @Override
    public void close() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        context.getLogger(Logger.ROOT_LOGGER_NAME).detachAppender(this);
        restore.forEach(Logger::setLevel);
        stop();
    }
}
