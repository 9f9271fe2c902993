package dev.agentcron.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentcron.domain.ScheduleId;
import org.junit.jupiter.api.Test;

class AnnouncementTest {

    @Test
    void readsBackWhatItWrites() {
        Announcement sent = new Announcement("node-1", new ScheduleId("sch-42"));

        assertThat(Announcement.decode(sent.encode())).contains(sent);
    }

    @Test
    void refusesMessagesThatAreNotAnnouncements() {
        assertThat(Announcement.decode("")).isEmpty();
        assertThat(Announcement.decode("no-space")).isEmpty();
        assertThat(Announcement.decode(" sch-1")).isEmpty();
        assertThat(Announcement.decode("node-1 ")).isEmpty();
    }
}
