package dev.agentcron.api;

import dev.agentcron.service.ServiceException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Requests per key: a token bucket each, refilled at {@code perSecond} up to {@code burst}. Per node: a
 * cluster of N nodes behind a balancer lets a key up to N times as much. Timed by the monotonic clock, which a
 * test supplies.
 */
public final class RateLimiter {

    private final double perSecond;
    private final double burst;
    private final LongSupplier nanos;
    private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();

    private static final class Bucket {
        double tokens;
        long at;

        Bucket(double tokens, long at) {
            this.tokens = tokens;
            this.at = at;
        }
    }

    public RateLimiter(int perSecond, int burst, LongSupplier nanos) {
        this.perSecond = perSecond;
        this.burst = burst;
        this.nanos = nanos;
    }

    /** Takes one request from {@code key}'s bucket, or refuses it with the seconds until one is free. */
    public void take(String key) {
        long now = nanos.getAsLong();
        Bucket bucket = buckets.computeIfAbsent(key, k -> new Bucket(burst, now));
        synchronized (bucket) {
            bucket.tokens = Math.min(burst, bucket.tokens + (now - bucket.at) / 1e9 * perSecond);
            bucket.at = now;
            if (bucket.tokens < 1) {
                long wait = (long) Math.ceil((1 - bucket.tokens) / perSecond);
                throw new ServiceException.TooManyRequests("Too many requests for this API key; retry in " + Math.max(1, wait) + " s",
                        Math.max(1, wait));
            }
            bucket.tokens -= 1;
        }
    }
}
