package dev.agentcron.api;

import dev.agentcron.service.ServiceException;

/** Query parameters as the APIs send them: numbers arrive as strings and are checked here. */
public final class QueryParams {

    private QueryParams() {}

    public static int integer(String value, String name, int fallback, int min, int max) {
        if (value == null || value.isEmpty()) {
            return fallback;
        }
        int parsed;
        try {
            parsed = Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new ServiceException.InvalidInput(name, "must be an integer " + min + ".." + max + ", got " + RequestBody.quote(value));
        }
        if (parsed < min || parsed > max) {
            throw new ServiceException.InvalidInput(name, "must be " + min + ".." + max + ", got " + parsed);
        }
        return parsed;
    }
}
