package dev.agentcron.service;

import dev.agentcron.domain.IdGenerator;
import dev.agentcron.domain.Principal;
import dev.agentcron.store.ApiKeyRecord;
import dev.agentcron.store.Store;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.InstantSource;
import java.util.HexFormat;
import java.util.Optional;

/**
 * API keys. Only a SHA-256 of each key is stored: keys are 192 random bits, so a fast hash is enough (a
 * slow password hash protects guessable secrets, which these are not) and lookup stays one indexed read.
 */
public final class ApiKeys {

    public static final String ADMIN = "admin";
    private static final String PREFIX = "ac_";

    private final Store store;
    private final IdGenerator ids;
    private final InstantSource clock;
    private final SecureRandom random = new SecureRandom();

    public ApiKeys(Store store, IdGenerator ids, InstantSource clock) {
        this.store = store;
        this.ids = ids;
        this.clock = clock;
    }

    public Optional<Principal> authenticate(String key) {
        if (key == null || key.isBlank()) {
            return Optional.empty();
        }
        return store.findApiKeyByHash(hash(key)).map(record -> new Principal(record.principal()));
    }

    /** Creates a key for {@code principal} and returns it; it cannot be read back later. */
    public String create(String principal, String name) {
        byte[] secret = new byte[24];
        random.nextBytes(secret);
        String key = PREFIX + HexFormat.of().formatHex(secret);
        register(key, principal, name);
        return key;
    }

    /** Stores the hash of a key chosen elsewhere (the configured admin key); does nothing if known. */
    public void register(String key, String principal, String name) {
        store.insertApiKey(new ApiKeyRecord(ids.next("key-"), principal, name, hash(key), clock.instant()));
    }

    /**
     * Makes sure the server can be used, and never silently open: registers {@code configuredKey} when given;
     * otherwise, on a store with no keys, creates an admin key and returns it so it can be shown once.
     */
    public Optional<String> bootstrap(String configuredKey) {
        if (configuredKey != null) {
            register(configuredKey, ADMIN, "AGENTCRON_API_KEY");
            return Optional.empty();
        }
        if (store.countApiKeys() > 0) {
            return Optional.empty();
        }
        return Optional.of(create(ADMIN, "generated at first start"));
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
