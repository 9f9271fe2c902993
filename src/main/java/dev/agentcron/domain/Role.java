package dev.agentcron.domain;

import java.util.Locale;

/** What an API key may do. */
public enum Role {
    /** Everything an editor may, and manage keys and read the audit log. */
    ADMIN,
    /** Read, create, change and delete the schedules and runs it sees. */
    EDITOR,
    /** Read only. */
    VIEWER;

    public boolean canChange() {
        return this != VIEWER;
    }

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The role named {@code text}, or null. */
    public static Role fromWire(String text) {
        for (Role role : values()) {
            if (role.wire().equals(text)) {
                return role;
            }
        }
        return null;
    }
}
