package dev.agentcron.store;

import java.util.function.Consumer;

/**
 * How nodes sharing a store tell each other that a schedule changed, so the node that owns it puts it on its
 * timer at once instead of at its next load. Polling the store stays as the backstop.
 */
public interface ChangeFeed extends AutoCloseable {

    /** Sends {@code message} to every listening node, this one included. */
    void announce(String message);

    AutoCloseable listen(Consumer<String> onChange);

    @Override
    void close();

    /** No other node can share the store: nothing to announce, nothing will be heard. */
    ChangeFeed NONE = new ChangeFeed() {
        @Override
        public void announce(String message) {}

        @Override
        public AutoCloseable listen(Consumer<String> onChange) {
            return () -> {};
        }

        @Override
        public void close() {}
    };
}
