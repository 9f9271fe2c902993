package dev.agentcron.engine;

/**
 * Cuts the engine loop's sleep short: rung by writes, announcements, new timers and lease changes. The loop
 * sets what ringing does when it starts; before that (and in tests that step the engine by hand) it does nothing.
 */
public final class Alarm {

    private volatile Runnable onRing = () -> {};

    public void ring() {
        onRing.run();
    }

    void onRing(Runnable action) {
        this.onRing = action;
    }
}
