package dev.agentcron.cluster;

import java.time.Duration;
import static org.assertj.core.api.Assertions.assertThat;

import dev.agentcron.api.Json;
import dev.agentcron.store.Databases;
import dev.agentcron.store.Store;
import dev.agentcron.testing.PostgresServer;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** Nodes hear each other's schedule changes through PostgreSQL LISTEN/NOTIFY. */
class ChangeFeedTest {

    @Test
    void anAnnouncementOnOneNodeReachesAListenerOnAnother() throws Exception {
        String url = PostgresServer.newDatabase();
        try (Store a = Databases.openPostgres(url, "postgres", null, 2, Duration.ofSeconds(15), Json.mapper()).store();
                Store b = Databases.openPostgres(url, "postgres", null, 2, Duration.ofSeconds(15), Json.mapper()).store()) {
            BlockingQueue<String> heard = new LinkedBlockingQueue<>();
            try (AutoCloseable listening = b.listen(heard::add)) {
                // The listener connects in the background: announce until it hears one (bounded).
                Awaitility.await().atMost(java.time.Duration.ofSeconds(20)).until(() -> {
                    a.announce("node-a sch-1");
                    return heard.poll(200, TimeUnit.MILLISECONDS) != null;
                });
                heard.clear();

                a.announce("node-a sch-2");

                assertThat(heard.poll(10, TimeUnit.SECONDS)).isEqualTo("node-a sch-2");
            }
        }
    }
}
