package dev.agentcron.store;

import java.util.HashMap;
import java.util.Map;

/** Named query parameters; unlike {@code Map.of}, values may be null (bound as SQL NULL). */
final class Params {

    private final Map<String, Object> values = new HashMap<>();

    static Params of(Object... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("names and values must come in pairs");
        }
        Params params = new Params();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            params.values.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return params;
    }

    Params with(String name, Object value) {
        values.put(name, value);
        return this;
    }

    Map<String, Object> asMap() {
        return values;
    }
}
