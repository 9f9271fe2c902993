package dev.agentcron.store;

import dev.agentcron.domain.Buckets;
import dev.agentcron.domain.Run;
import dev.agentcron.domain.RunId;
import dev.agentcron.domain.RunState;
import dev.agentcron.domain.Schedule;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Writes a group of fires in one open transaction ({@link Store#recordFires}): a round trip per statement, whatever the group. */
final class FireWrites {

    private final Dialect dialect;
    private final Rows rows;
    /** Runs just before the leases are confirmed; a test freezes a node here. */
    private volatile Runnable beforeConfirm = () -> {};

    FireWrites(Dialect dialect, Rows rows) {
        this.dialect = dialect;
        this.rows = rows;
    }

    List<Store.Fired> record(Jdbc.Tx tx, List<Store.Fire> fires, Claim claim) throws SQLException {
        tx.apply(dialect.findRowsByKey());
        // Second guard beside the fence: rows another node is firing right now are left to it.
        Set<String> locked = new HashSet<>(tx.query(dialect.lockForFire(),
                Params.create().with("ids", fires.stream().map(f -> f.loaded().id().value()).toList()), rs -> rs.getString(1)));
        List<Store.Fire> mine = fires.stream().filter(f -> locked.contains(f.loaded().id().value())).toList();
        boolean[] advanced = tx.write(dialect.advanceSchedules(), mine.stream().map(fire -> advanceParams(fire, claim)).toList());
        List<Store.Fire> moved = new ArrayList<>();
        List<Run> runs = new ArrayList<>();
        for (int i = 0; i < mine.size(); i++) {
            if (advanced[i]) { // else changed or deleted since it was loaded: the new version is loaded afresh
                moved.add(mine.get(i));
                runs.addAll(mine.get(i).runs());
            }
        }
        boolean[] inserted = tx.write(dialect.insertRuns(), runs.stream().map(r -> rows.runParams(r).with("fired_by", claim.node())).toList());
        Set<RunId> written = new HashSet<>();
        for (int i = 0; i < runs.size(); i++) {
            if (inserted[i]) {
                written.add(runs.get(i).id());
            }
        }
        tx.write(dialect.insertPendingRuns(), runs.stream()
                .filter(r -> written.contains(r.id()) && r.state() == RunState.PENDING)
                .map(Rows::pendingParams).toList());
        if (!claim.coversAll() && !moved.isEmpty()) {
            beforeConfirm.run();
            confirmLeases(tx, moved, claim);
        }
        return moved.stream()
                .map(fire -> new Store.Fired(fire.advanced(), fire.runs().stream().filter(r -> written.contains(r.id())).toList()))
                .toList();
    }

    /**
     * The fence at commit: every bucket of the group still this node's, with the epoch it fired under and time to
     * spare, locked so that no node takes it before the commit that follows. Otherwise nothing is written.
     */
    private void confirmLeases(Jdbc.Tx tx, List<Store.Fire> moved, Claim claim) throws SQLException {
        Set<Integer> buckets = new HashSet<>();
        moved.forEach(fire -> buckets.add(Buckets.of(fire.advanced())));
        Map<Integer, Long> held = new HashMap<>();
        tx.query(dialect.confirmLeases(), Params.create().with("buckets", buckets).with("node", claim.node())
                .with("margin_ms", dialect.commitMargin().toMillis()), rs -> held.put(rs.getInt("bucket"), rs.getLong("epoch")));
        for (int bucket : buckets) {
            if (!claim.epochs().get(bucket).equals(held.get(bucket))) {
                throw new StoreException("bucket " + bucket + " is no longer held by " + claim.node()
                        + " with time to commit; the fires of this group are not written", null);
            }
        }
    }

    void beforeConfirm(Runnable hook) {
        this.beforeConfirm = hook;
    }

    private static Params advanceParams(Store.Fire fire, Claim claim) {
        Schedule advanced = fire.advanced();
        return Params.create()
                .with("id", advanced.id().value())
                .with("version", fire.loaded().version())
                .with("next_fire_at", advanced.nextFireAt())
                .with("state", advanced.state().wire())
                .with("fence_node", claim.node())
                .with("fence_epoch", claim.epochs().getOrDefault(Buckets.of(advanced), -1L));
    }
}
