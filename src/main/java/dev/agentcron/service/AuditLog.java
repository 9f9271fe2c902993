package dev.agentcron.service;

import dev.agentcron.domain.Caller;
import dev.agentcron.domain.IdGenerator;
import dev.agentcron.domain.AuditEntry;
import dev.agentcron.store.Store;
import java.time.InstantSource;
import java.util.List;

/**
 * Who changed which schedule or key, when, and with which key: written after each change, read by admins.
 * Entries name ids and actions, never a key, a secret or a prompt.
 */
public final class AuditLog {

    private final Store store;
    private final IdGenerator ids;
    private final InstantSource clock;

    public AuditLog(Store store, IdGenerator ids, InstantSource clock) {
        this.store = store;
        this.ids = ids;
        this.clock = clock;
    }

    /** Records that {@code by} did {@code action} ({@code schedule.pause}, {@code key.revoke}, ...) to {@code target}. */
    public void record(Caller by, String action, String target, String detail) {
        store.insertAudit(new AuditEntry(ids.next("audit-"), clock.instant(), by.principal().id(), by.keyId(), action, target, detail));
    }

    /** Entries newest first, after the one named {@code after} when given. For admins only. */
    public Page<AuditEntry> list(Caller caller, AuditEntry after, int limit) {
        Access.requireAdmin(caller);
        List<AuditEntry> rows = store.listAudit(after, limit + 1);
        boolean more = rows.size() > limit;
        return new Page<>(more ? rows.subList(0, limit) : rows, more);
    }
}
