package dev.agentcron.api.letta;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentcron.api.FaceErrors;
import dev.agentcron.service.ServiceException;

/**
 * Letta's errors: {@code {detail, message}}, FastAPI's {@code detail} for Letta clients and {@code message} so
 * the TypeScript SDK's error reads "404 Scheduled message not found".
 */
public final class LettaErrors implements FaceErrors {

    @Override
    public boolean owns(String path) {
        return path.startsWith("/v1/agents/") || path.startsWith("/v1/environments/");
    }

    @Override
    public String notFound(ServiceException.Subject subject) {
        return subject == ServiceException.Subject.SCHEDULE ? "Scheduled message not found" : FaceErrors.super.notFound(subject);
    }

    @Override
    public String field(ServiceException.Field field) {
        return switch (field) {
            case SCHEDULED_AT -> "schedule.scheduled_at";
            case CRON -> "schedule.cron_expression";
            case CALLBACK_URL, STATE, NEXT_OCCURRENCE, RUN_ID, TEAM -> FaceErrors.super.field(field);
        };
    }

    @Override
    public Rendered render(int status, String message, String field, String path) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("detail", message);
        body.put("message", message);
        if (field != null) {
            body.put("field", field);
        }
        return new Rendered("application/json", body.toString());
    }
}
