package dev.agentcron.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agentcron.service.ServiceException;
import io.javalin.Javalin;
import io.javalin.http.HttpResponseException;
import io.javalin.json.JavalinJackson;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** The one Javalin setup: limits, auth, error rendering, and the route groups of every face. */
public final class HttpServer {

    /**
     * Where and how to listen.
     *
     * @param basePath the prefix every route is served under, such as {@code /agentcron}; empty for the root
     */
    public record Settings(String host, int port, String basePath, long maxBodyBytes) {}

    private final Javalin app;
    private final Settings settings;

    public HttpServer(Settings settings, ObjectMapper json, ApiKeyAuth auth, List<RouteGroup> groups) {
        this.settings = settings;
        ErrorResponses errors = new ErrorResponses(groups.stream().map(RouteGroup::errors).distinct().toList());
        this.app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            config.http.maxRequestSize = settings.maxBodyBytes();
            config.http.defaultContentType = "application/json";
            config.http.prefer405over404 = true;
            config.router.ignoreTrailingSlashes = true;
            config.router.contextPath = settings.basePath().isEmpty() ? "/" : settings.basePath();
            config.jsonMapper(new JavalinJackson(json, false));
            config.concurrency.useVirtualThreads = true;
            // Read every body (up to the limit, which answers 413) before answering anything, whether the route wants
            // it or not: a client still sending a body the server closed the connection on never sees the answer.
            config.routes.before(ctx -> ctx.bodyAsBytes());
            // Every request shows its key next, so an unknown route or a wrong method tells nothing to one without a key;
            // only the paths a group declares public are exempt.
            Set<String> open = groups.stream().flatMap(group -> group.publicPaths().stream()).collect(Collectors.toUnmodifiableSet());
            config.routes.before(ctx -> {
                if (!open.contains(RoutePath.of(ctx))) {
                    auth.check(ctx);
                }
            });
            HttpLayerErrors httpErrors = new HttpLayerErrors(errors);
            config.jetty.modifyServer(server -> server.setErrorHandler(httpErrors));
            config.jetty.modifyServletContextHandler(handler -> handler.setErrorHandler(httpErrors));
            config.routes.exception(ServiceException.class, errors::service);
            config.routes.exception(HttpResponseException.class, errors::http);
            config.routes.exception(Exception.class, errors::unexpected);
            groups.forEach(group -> group.register(config.routes));
        });
    }

    public void start() {
        app.start(settings.host(), settings.port());
    }

    /** Every route served, as {@code METHOD /path/{param}}: what the OpenAPI document must list. */
    public List<String> routes() {
        return app.unsafe.internalRouter.allHttpHandlers().stream()
                .map(handler -> handler.endpoint)
                .filter(endpoint -> Set.of("GET", "POST", "PUT", "PATCH", "DELETE").contains(endpoint.method.name()))
                .map(endpoint -> endpoint.method.name() + " " + endpoint.path)
                .sorted().toList();
    }

    /** The port actually bound (useful when configured as 0). */
    public int port() {
        return app.port();
    }

    public void stop() {
        app.stop();
    }
}
