package dev.agentcron.api.letta;

import dev.agentcron.api.FaceErrors;
import dev.agentcron.api.RouteGroup;
import dev.agentcron.domain.DeviceEnvironment;
import dev.agentcron.service.ServiceException;
import io.javalin.config.RoutesConfig;
import io.javalin.http.BadGatewayResponse;
import io.javalin.http.Context;
import java.util.function.Function;

/**
 * {@code GET /v1/environments/{device_id}}: whether a computer is connected to the Letta server agentcron
 * delivers to, as that server says. {@code letta cron add} asks it before creating a schedule without
 * {@code --runner}: a connected computer becomes the schedule's {@code target_device_id}, which agentcron then
 * delivers to; otherwise letta-code keeps the schedule on the computer. agentcron keeps no devices and answers
 * nothing the Letta server did not say.
 */
public final class LettaEnvironmentRoutes implements RouteGroup {

    private final Function<String, DeviceEnvironment> environments;
    private final LettaErrors errors = new LettaErrors();

    /** @param environments what the Letta server says of a device id */
    public LettaEnvironmentRoutes(Function<String, DeviceEnvironment> environments) {
        this.environments = environments;
    }

    @Override
    public FaceErrors errors() {
        return errors;
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get("/v1/environments/{device_id}", this::retrieve);
    }

    private void retrieve(Context ctx) {
        switch (environments.apply(ctx.pathParam("device_id"))) {
            case DeviceEnvironment.Registered r -> ctx.json(r.connection());
            case DeviceEnvironment.Unknown u -> throw new ServiceException.NotFound(ServiceException.Subject.ENVIRONMENT);
            case DeviceEnvironment.Unanswered u ->
                    throw new BadGatewayResponse("The Letta server agentcron delivers to could not be asked: " + u.reason());
        }
    }
}
