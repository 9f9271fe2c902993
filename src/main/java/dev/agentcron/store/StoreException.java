package dev.agentcron.store;

import java.sql.SQLException;

/** A database error the caller cannot fix by changing its input: the store is down, full or corrupt. */
public final class StoreException extends RuntimeException {
    public StoreException(SQLException cause) {
        super(cause.getMessage(), cause);
    }

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
