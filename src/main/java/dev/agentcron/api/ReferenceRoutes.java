package dev.agentcron.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * The API's reference: {@code /openapi.json} (OpenAPI 3.1, every route of every face) and {@code /docs}, the same
 * rendered as one HTML page by this server, with nothing loaded from elsewhere. Both need no key.
 */
public final class ReferenceRoutes implements RouteGroup {

    private final String document;
    private final String page;

    /** @param basePath the prefix the routes are served under ({@code AGENTCRON_BASE_PATH}); the document's server */
    public ReferenceRoutes(ObjectMapper json, String basePath) {
        try {
            JsonNode doc = json.readTree(JarResources.read("web/openapi.json"));
            if (!basePath.isEmpty()) {
                ((ObjectNode) doc).putArray("servers").addObject().put("url", basePath);
            }
            document = json.writerWithDefaultPrettyPrinter().writeValueAsString(doc);
            page = render(doc);
        } catch (IOException e) {
            throw new UncheckedIOException("the OpenAPI document in the jar is not JSON", e);
        }
    }

    @Override
    public Set<String> publicPaths() {
        return Set.of("/openapi.json", "/docs");
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get("/openapi.json", ctx -> ctx.contentType("application/json").result(document));
        routes.get("/docs", ctx -> ctx.contentType("text/html; charset=utf-8").result(page));
    }

    /** Every operation under its tag: method, path, summary, parameters, body and answers, then the schemas. */
    private static String render(JsonNode doc) {
        StringBuilder html = new StringBuilder("""
                <!doctype html><html lang="en"><head><meta charset="utf-8"><title>agentcron API</title>
                <style>body{font:15px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1b1f24}
                h2{border-bottom:1px solid #d0d7de;padding-bottom:.3rem;margin-top:2.5rem}
                .op{margin:1.2rem 0;padding:.6rem .9rem;border:1px solid #d0d7de;border-radius:6px}
                .m{display:inline-block;min-width:4.5rem;font-weight:700}.GET{color:#0969da}.POST{color:#1a7f37}
                .PUT{color:#9a6700}.DELETE{color:#cf222e}code,pre{font:13px ui-monospace,monospace}
                pre{background:#f6f8fa;padding:.6rem;border-radius:6px;overflow-x:auto}</style></head><body>
                """);
        html.append("<h1>").append(escape(doc.path("info").path("title").asText())).append(" API ")
                .append(escape(doc.path("info").path("version").asText())).append("</h1><p>")
                .append(escape(doc.path("info").path("description").asText()))
                .append("</p><p>Every route but the operational ones needs <code>Authorization: Bearer &lt;key&gt;</code>. ")
                .append("The machine-readable document is <a href=\"openapi.json\">openapi.json</a>.</p>");
        for (JsonNode tag : doc.path("tags")) {
            String name = tag.path("name").asText();
            html.append("<h2>").append(escape(name)).append("</h2><p>").append(escape(tag.path("description").asText())).append("</p>");
            for (Iterator<Map.Entry<String, JsonNode>> paths = doc.path("paths").fields(); paths.hasNext(); ) {
                Map.Entry<String, JsonNode> path = paths.next();
                for (Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().fields(); ops.hasNext(); ) {
                    Map.Entry<String, JsonNode> op = ops.next();
                    if (op.getValue().path("tags").path(0).asText().equals(name)) {
                        operation(html, op.getKey().toUpperCase(java.util.Locale.ROOT), path.getKey(), op.getValue());
                    }
                }
            }
        }
        html.append("<h2>Schemas</h2>");
        for (Iterator<Map.Entry<String, JsonNode>> schemas = doc.path("components").path("schemas").fields(); schemas.hasNext(); ) {
            Map.Entry<String, JsonNode> schema = schemas.next();
            html.append("<h3 id=\"").append(escape(schema.getKey())).append("\">").append(escape(schema.getKey())).append("</h3><pre>")
                    .append(escape(schema.getValue().toPrettyString())).append("</pre>");
        }
        return html.append("</body></html>").toString();
    }

    private static void operation(StringBuilder html, String method, String path, JsonNode op) {
        html.append("<div class=\"op\"><span class=\"m ").append(method).append("\">").append(method).append("</span><code>")
                .append(escape(path)).append("</code><p>").append(escape(op.path("summary").asText())).append("</p>");
        if (op.has("parameters")) {
            html.append("<p>Parameters: ");
            for (JsonNode p : op.path("parameters")) {
                html.append("<code>").append(escape(p.path("name").asText())).append("</code> (").append(escape(p.path("in").asText()))
                        .append(") ");
            }
            html.append("</p>");
        }
        JsonNode body = op.path("requestBody").path("content").path("application/json");
        if (!body.isMissingNode()) {
            html.append("<p>Body: ").append(schemaLink(body.path("schema"))).append("</p>");
            if (body.has("example")) {
                html.append("<pre>").append(escape(body.get("example").toPrettyString())).append("</pre>");
            }
        }
        html.append("<p>Answers: ");
        for (Iterator<Map.Entry<String, JsonNode>> answers = op.path("responses").fields(); answers.hasNext(); ) {
            Map.Entry<String, JsonNode> answer = answers.next();
            html.append("<b>").append(escape(answer.getKey())).append("</b> ");
            for (JsonNode content : answer.getValue().path("content")) {
                html.append(schemaLink(content.path("schema"))).append(' ');
            }
        }
        html.append("</p></div>");
    }

    private static String schemaLink(JsonNode schema) {
        String ref = schema.path("$ref").asText("");
        if (ref.isEmpty()) {
            return "<code>" + escape(schema.path("type").asText("any")) + "</code>";
        }
        String name = ref.substring(ref.lastIndexOf('/') + 1);
        return "<a href=\"#" + escape(name) + "\">" + escape(name) + "</a>";
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
