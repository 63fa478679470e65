package dev.ariadne.ratelimit;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongFunction;

/**
 * Token buckets by key (an API key id, a source address), created on first use. Bounded: when more than
 * {@code max} keys are held, the buckets that are full again (idle keys) are dropped, which changes nothing for
 * them; if every bucket is still draining the map grows past the bound rather than forgive an attacker.
 */
final class Buckets<K> {
    private final Map<K, TokenBucket> buckets = new ConcurrentHashMap<>();
    private final int max;

    Buckets(int max) {
        this.max = max;
    }

    TokenBucket get(K key, long now, LongFunction<TokenBucket> create) {
        TokenBucket b = buckets.get(key);
        if (b != null) {
            return b;
        }
        if (buckets.size() >= max) {
            buckets.values().removeIf(x -> x.isFull(now));
        }
        return buckets.computeIfAbsent(key, k -> create.apply(now));
    }

    /** The bucket if the key has one (never creates). */
    TokenBucket peek(K key) {
        return buckets.get(key);
    }

    int size() {
        return buckets.size();
    }
}
