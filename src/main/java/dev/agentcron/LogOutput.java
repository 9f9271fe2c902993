package dev.agentcron;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import dev.agentcron.config.AgentcronConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The log's format, chosen by configuration: text lines as {@code logback.xml} writes them, or one JSON object
 * per event (Logback's own encoder: timestamp, level, logger, message, and any exception), both on standard error.
 */
final class LogOutput {

    private LogOutput() {}

    static void use(AgentcronConfig.LogFormat format) {
        if (format != AgentcronConfig.LogFormat.JSON || !(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return;
        }
        JsonEncoder encoder = new JsonEncoder();
        encoder.setContext(context);
        encoder.setWithSequenceNumber(false);
        encoder.setWithNanoseconds(false);
        encoder.setWithContext(false);
        encoder.setWithFormattedMessage(true);
        encoder.setWithArguments(false);
        encoder.setWithMessage(false);
        encoder.start();
        ConsoleAppender<ILoggingEvent> json = new ConsoleAppender<>();
        json.setContext(context);
        json.setName("stderr-json");
        json.setTarget("System.err");
        json.setEncoder(encoder);
        json.start();
        ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.detachAndStopAllAppenders();
        root.addAppender(json);
    }
}
