package dev.agentcron.cli;

import dev.agentcron.domain.DurationText;
import dev.agentcron.domain.NaturalTrigger;
import dev.agentcron.domain.Preview;
import dev.agentcron.domain.Trigger;
import dev.agentcron.domain.WireTime;
import dev.agentcron.domain.cron.CronExpression;
import java.io.PrintWriter;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneId;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code preview} and {@code parse}: what a trigger means, worked out here, with no server. */
public final class TriggerCommands {

    /** Now, for the fires to come: the command line's only clock. */
    private static final InstantSource CLOCK = InstantSource.system();

    private TriggerCommands() {}

    /** Prints the next fires of a cron (or {@code @every}) in UTC and local time, with the DST notes. */
    @Command(name = "preview", mixinStandardHelpOptions = true, description = "The next fires of a cron expression, with DST notes.")
    public static final class PreviewCommand implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", description = "5- or 6-field cron, a macro, or @every 15m.")
        String expression;

        @Option(names = "--tz", description = "IANA time zone (default UTC).", defaultValue = "UTC")
        String zone;

        @Option(names = "--next", description = "How many fires (1..100, default 5).", defaultValue = "5")
        int count;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            Trigger trigger;
            try {
                trigger = trigger(expression, ZoneId.of(zone));
            } catch (IllegalArgumentException | DateTimeException e) { // an invalid cron is one too
                spec.commandLine().getErr().println("agentcron: " + e.getMessage());
                return 2;
            }
            print(out, trigger, Math.max(1, Math.min(100, count)));
            return 0;
        }
    }

    /** Prints the trigger a phrase means ("every weekday at 9am"), and its next fires. */
    @Command(name = "parse", mixinStandardHelpOptions = true, description = "The trigger a phrase means, with its next fires.")
    public static final class ParseCommand implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", description = "A phrase such as \"every weekday at 9am\" or \"in 2 hours\".")
        String phrase;

        @Option(names = "--tz", description = "IANA time zone (default UTC).", defaultValue = "UTC")
        String zone;

        @Override
        public Integer call() {
            NaturalTrigger.Parsed parsed;
            try {
                parsed = NaturalTrigger.parse(phrase, ZoneId.of(zone), CLOCK.instant());
            } catch (IllegalArgumentException | DateTimeException e) {
                spec.commandLine().getErr().println("agentcron: " + e.getMessage());
                return 2;
            }
            PrintWriter out = spec.commandLine().getOut();
            if (parsed.cron() != null) {
                out.println("cron: " + parsed.cron());
            }
            print(out, parsed.trigger(), 5);
            return 0;
        }
    }

    private static Trigger trigger(String expression, ZoneId zone) {
        String text = expression.trim();
        if (text.toLowerCase(java.util.Locale.ROOT).startsWith("@every")) {
            return new Trigger.Every(DurationText.parse(text.substring("@every".length()).trim()), Instant.EPOCH, null);
        }
        return new Trigger.Cron(CronExpression.parse(text), zone);
    }

    private static void print(PrintWriter out, Trigger trigger, int count) {
        out.println(Preview.describe(trigger));
        Preview.Result result = Preview.of(trigger, CLOCK.instant(), count);
        for (Preview.Fire fire : result.fires()) {
            out.println(WireTime.format(fire.at()) + "  " + fire.local() + (fire.note() == null ? "" : "  (" + fire.note() + ")"));
        }
        result.clockChanges().forEach(change -> out.println("clock change: " + change));
        out.flush();
    }
}
