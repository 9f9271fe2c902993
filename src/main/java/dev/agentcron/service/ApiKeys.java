package dev.agentcron.service;

import dev.agentcron.domain.AgentScope;
import dev.agentcron.domain.Caller;
import dev.agentcron.domain.IdGenerator;
import dev.agentcron.domain.Principal;
import dev.agentcron.domain.Role;
import dev.agentcron.domain.ApiKeyRecord;
import dev.agentcron.store.Store;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * API keys: who may call, as whom, with which role. Only a SHA-256 of each key is stored: keys are 192 random
 * bits, so a fast hash is enough (a slow password hash protects guessable secrets, which these are not) and
 * lookup stays one indexed read. Every request reads its key, so a revoked key is refused at once on every node.
 */
public final class ApiKeys {

    public static final String ADMIN = "admin";
    private static final String PREFIX = "ac_";
    /** A key's last use is written at most this often, not on every request. */
    private static final Duration TOUCH_EVERY = Duration.ofMinutes(1);
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:@-]{0,127}");

    /** A key to make: acting as {@code principal}, member of {@code teams}, with {@code role}, for {@code agents}. */
    public record NewKey(String name, String principal, Set<String> teams, Role role, AgentScope agents, Instant expiresAt) {}

    /** A key just made: {@code secret} is shown once and never stored. */
    public record Created(String secret, ApiKeyRecord record) {}

    private final Store store;
    private final IdGenerator ids;
    private final InstantSource clock;
    private final AuditLog audit;
    private final SecureRandom random = new SecureRandom();

    public ApiKeys(Store store, IdGenerator ids, InstantSource clock, AuditLog audit) {
        this.store = store;
        this.ids = ids;
        this.clock = clock;
        this.audit = audit;
    }

    /** The caller a key stands for; a missing, unknown, revoked or expired key is refused. */
    public Caller authenticate(String key) {
        if (key == null || key.isBlank()) {
            throw new ServiceException.Unauthorized("Missing API key");
        }
        ApiKeyRecord record = store.findApiKeyByHash(hash(key)).orElseThrow(() -> new ServiceException.Unauthorized("Invalid API key"));
        Instant now = clock.instant();
        if (record.revokedAt() != null) {
            throw new ServiceException.Unauthorized("This API key was revoked");
        }
        if (record.expiresAt() != null && !now.isBefore(record.expiresAt())) {
            throw new ServiceException.Unauthorized("This API key has expired");
        }
        if (record.lastUsedAt() == null || record.lastUsedAt().plus(TOUCH_EVERY).isBefore(now)) {
            store.touchApiKey(record.id(), now);
        }
        return caller(record);
    }

    private static Caller caller(ApiKeyRecord record) {
        Set<Principal> teams = Arrays.stream(record.teams().split(" ")).filter(t -> !t.isBlank()).map(Principal::team)
                .collect(Collectors.toSet());
        Role role = Role.fromWire(record.role());
        return new Caller(record.id(), new Principal(record.principal()), teams, role == null ? Role.VIEWER : role,
                AgentScope.parse(record.agents()));
    }

    /** Makes a key (admins only) and returns it: its secret cannot be read back later. */
    public Created create(Caller by, NewKey key) {
        Access.requireAdmin(by);
        Created created = make(key);
        audit.record(by, "key.create", created.record().id(), key.role().wire() + " key \"" + key.name() + "\" for " + key.principal());
        return created;
    }

    /** Every key, revoked ones too; never a secret. Admins only. */
    public List<ApiKeyRecord> list(Caller by) {
        Access.requireAdmin(by);
        return store.listApiKeys();
    }

    /** Revokes a key (admins only): from now on it is refused on every node. */
    public void revoke(Caller by, String id) {
        Access.requireAdmin(by);
        if (!store.revokeApiKey(id, clock.instant())) {
            throw new ServiceException.NotFound(ServiceException.Subject.KEY);
        }
        audit.record(by, "key.revoke", id, null);
    }

    private Created make(NewKey key) {
        check(key);
        byte[] secret = new byte[24];
        random.nextBytes(secret);
        String value = PREFIX + HexFormat.of().formatHex(secret);
        return new Created(value, register(value, key));
    }

    private static void check(NewKey key) {
        if (!NAME.matcher(key.principal()).matches()) {
            throw new ServiceException.InvalidInput("principal", "must be 1-128 letters, digits, '.', '_', ':', '@' or '-'");
        }
        for (String team : key.teams()) {
            if (!NAME.matcher(team).matches()) {
                throw new ServiceException.InvalidInput("teams", "each must be 1-128 letters, digits, '.', '_', ':', '@' or '-'");
            }
        }
        if (key.name().isBlank() || key.name().length() > 200) {
            throw new ServiceException.InvalidInput("name", "must be 1-200 characters");
        }
    }

    private ApiKeyRecord register(String secret, NewKey key) {
        ApiKeyRecord record = new ApiKeyRecord(ids.next("key-"), key.principal(), key.name(), hash(secret), key.role().wire(),
                String.join(" ", key.teams().stream().sorted().toList()), key.agents().text(), clock.instant(), key.expiresAt(), null, null);
        store.insertApiKey(record);
        return record;
    }

    /**
     * Makes sure the server can be used, and never silently open: registers {@code configuredKey} as an admin
     * key when given; otherwise, on a store with no live keys, creates one and returns it so it can be shown once.
     */
    public Optional<String> bootstrap(String configuredKey) {
        NewKey admin = new NewKey("AGENTCRON_API_KEY", ADMIN, Set.of(), Role.ADMIN, AgentScope.ANY, null);
        if (configuredKey != null) {
            register(configuredKey, admin);
            return Optional.empty();
        }
        if (store.countApiKeys() > 0) {
            return Optional.empty();
        }
        return Optional.of(make(new NewKey("generated at first start", ADMIN, Set.of(), Role.ADMIN, AgentScope.ANY, null)).secret());
    }

    static String hash(String key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
