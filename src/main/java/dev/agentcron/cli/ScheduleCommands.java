package dev.agentcron.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.ArrayList;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code schedules list|get|create|pause|resume|run|skip-next|delete}: schedules of both faces. */
@Command(name = "schedules", mixinStandardHelpOptions = true, description = "List, read, create and act on schedules of both faces.",
        subcommands = {ScheduleCommands.List.class, ScheduleCommands.Get.class, ScheduleCommands.Create.class,
            ScheduleCommands.Act.Pause.class, ScheduleCommands.Act.Resume.class, ScheduleCommands.Act.Run.class,
            ScheduleCommands.Act.SkipNext.class, ScheduleCommands.Delete.class})
public final class ScheduleCommands {

    private static final String[] COLUMNS = {"id", "kind", "name", "state", "trigger", "timezone", "next_fire_at", "last_spawn_error"};

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Schedules you may see, soonest next fire first.")
    static final class List extends ClientCommand {
        @Option(names = "--q", description = "Find a word in names, agent ids, messages and prompts.")
        String text;

        @Option(names = "--face", description = "letta or oz.")
        String face;

        @Option(names = "--state", description = "active or paused.")
        String state;

        @Option(names = "--agent", description = "A Letta agent id.")
        String agent;

        @Option(names = "--limit", description = "At most this many (default: every page).")
        Integer limit;

        @Override
        int run(Client client, Output format, PrintWriter out) {
            java.util.List<JsonNode> all = new ArrayList<>();
            String cursor = null;
            do {
                StringBuilder path = new StringBuilder("v1/schedules?limit=" + (limit == null ? 500 : Math.min(500, limit - all.size())));
                append(path, "q", text);
                append(path, "face", face);
                append(path, "state", state);
                append(path, "agent_id", agent);
                append(path, "cursor", cursor);
                JsonNode page = client.get(path.toString());
                page.path("schedules").forEach(all::add);
                cursor = page.path("next_cursor").isTextual() ? page.get("next_cursor").asText() : null;
            } while (cursor != null && (limit == null || all.size() < limit));
            format.print(out, all, COLUMNS);
            return 0;
        }
    }

    @Command(name = "get", mixinStandardHelpOptions = true, description = "One schedule.")
    static final class Get extends ClientCommand {
        @Parameters(index = "0", description = "The schedule's id.")
        String id;

        @Override
        int run(Client client, Output format, PrintWriter out) {
            format.printOne(out, client.get("v1/schedules/" + encode(id)));
            return 0;
        }
    }

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Create a Letta message (--agent, --message) or an agent run (--name, --prompt), recurring (--cron) or once (--at).")
    static final class Create extends ClientCommand {
        @Option(names = "--agent", description = "The Letta agent to message.")
        String agent;

        @Option(names = "--message", description = "What to tell it.")
        String message;

        @Option(names = "--name", description = "An agent run's name.")
        String name;

        @Option(names = "--prompt", description = "An agent run's prompt.")
        String prompt;

        @Option(names = "--cron", description = "5- or 6-field cron, a macro, or @every 15m.")
        String cron;

        @Option(names = "--at", description = "Once, at this RFC 3339 time (Letta messages).")
        String at;

        @Option(names = "--tz", description = "IANA time zone of the cron (default UTC).")
        String zone;

        @Override
        int run(Client client, Output format, PrintWriter out) {
            ObjectNode body = JsonNodeFactory.instance.objectNode();
            JsonNode created;
            if (agent != null && message != null) {
                body.putArray("messages").addObject().put("role", "user").put("content", message);
                ObjectNode schedule = body.putObject("schedule");
                if (at != null) {
                    schedule.put("type", "one-time").put("scheduled_at", java.time.OffsetDateTime.parse(at).toInstant().toEpochMilli());
                } else if (cron != null) {
                    schedule.put("type", "recurring").put("cron_expression", cron);
                } else {
                    throw new Client.Failure(2, "a Letta message needs --cron or --at");
                }
                if (zone != null) {
                    schedule.put("timezone", zone);
                }
                created = client.post("v1/agents/" + encode(agent) + "/schedule", body);
            } else if (name != null && prompt != null && cron != null) {
                body.put("name", name).put("prompt", prompt).put("cron_schedule", cron);
                if (zone != null) {
                    body.put("timezone", zone);
                }
                created = client.post("api/v1/agent/schedules", body);
            } else {
                throw new Client.Failure(2, "give --agent and --message (a Letta message), or --name, --prompt and --cron (an agent run)");
            }
            format.printOne(out, client.get("v1/schedules/" + encode(created.get("id").asText())));
            return 0;
        }
    }

    /** The actions on one schedule: each a POST to its native route. */
    abstract static class Act extends ClientCommand {
        @Parameters(index = "0", description = "The schedule's id.")
        String id;

        abstract String action();

        @Override
        int run(Client client, Output format, PrintWriter out) {
            format.printOne(out, client.post("v1/schedules/" + encode(id) + "/" + action(), null));
            return 0;
        }

        @Command(name = "pause", mixinStandardHelpOptions = true, description = "Stop firing until resumed.")
        static final class Pause extends Act {
            @Override
            String action() {
                return "pause";
            }
        }

        @Command(name = "resume", mixinStandardHelpOptions = true, description = "Fire again from now on.")
        static final class Resume extends Act {
            @Override
            String action() {
                return "resume";
            }
        }

        @Command(name = "run", mixinStandardHelpOptions = true, description = "Run it now; its cadence is unchanged.")
        static final class Run extends Act {
            @Override
            String action() {
                return "run";
            }
        }

        @Command(name = "skip-next", mixinStandardHelpOptions = true, description = "Skip its next occurrence.")
        static final class SkipNext extends Act {
            @Override
            String action() {
                return "skip-next";
            }
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true, description = "Delete a schedule; its runs stay.")
    static final class Delete extends ClientCommand {
        @Parameters(index = "0", description = "The schedule's id.")
        String id;

        @Override
        int run(Client client, Output format, PrintWriter out) {
            format.printOne(out, client.delete("v1/schedules/" + encode(id)));
            return 0;
        }
    }

    private ScheduleCommands() {}
}
