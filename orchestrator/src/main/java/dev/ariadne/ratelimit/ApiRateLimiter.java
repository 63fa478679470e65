package dev.ariadne.ratelimit;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.function.LongSupplier;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The REST API's token buckets: one per API key (sized by the key's tier), and one per source address that only
 * requests without a valid key draw from (key guessing, scans). Keys never share a bucket, so one tenant's flood
 * spends only its own tokens.
 */
@Component
public final class ApiRateLimiter {
    private final RateLimitProperties props;
    private final LongSupplier clock;
    private final Buckets<String> keys;
    private final Buckets<String> addresses;

    @Autowired
    ApiRateLimiter(RateLimitProperties props) {
        this(props, System::nanoTime);
    }

    ApiRateLimiter(RateLimitProperties props, LongSupplier clock) {
        this.props = props;
        this.clock = clock;
        this.keys = new Buckets<>(Integer.MAX_VALUE);
        this.addresses = new Buckets<>(props.maxTrackedAddresses());
    }

    public boolean enabled() {
        return props.enabled();
    }

    /** One request on an authenticated key; {@code bucket} names the key and its limits (e.g. key id and tier). */
    public TokenBucket.Decision admitKey(String bucket, double perSecond, int burst) {
        long now = clock.getAsLong();
        return keys.get(bucket, now, t -> new TokenBucket(burst, perSecond, t)).tryTake(now);
    }

    /**
     * A key's bucket that is empty now, without drawing from it: lets a flooding key be refused before its key is
     * even looked up in the database. Null when the key has tokens or no bucket yet.
     */
    public TokenBucket.Decision exhausted(String bucket) {
        TokenBucket b = keys.peek(bucket);
        if (b == null) {
            return null;
        }
        TokenBucket.Decision d = b.peek(clock.getAsLong());
        return d.allowed() ? null : d;
    }

    /** Whether the address has spent its allowance of requests without a valid key (checked before any key is). */
    public boolean addressBlocked(InetAddress address) {
        TokenBucket b = addresses.peek(addressKey(address));
        return b != null && !b.hasToken(clock.getAsLong());
    }

    /** A request without a valid key from the address: draws from its bucket. */
    public TokenBucket.Decision failedAuth(InetAddress address) {
        long now = clock.getAsLong();
        return addresses.get(addressKey(address), now,
                t -> new TokenBucket(props.failedAuthBurst(), props.failedAuthPerMinute() / 60.0, t)).tryTake(now);
    }

    /** What a blocked address is told (without drawing a token). */
    public TokenBucket.Decision addressState(InetAddress address) {
        TokenBucket b = addresses.peek(addressKey(address));
        return b == null ? new TokenBucket.Decision(true, props.failedAuthBurst(), props.failedAuthBurst(), 0, 0)
                : b.peek(clock.getAsLong());
    }

    int trackedAddresses() {
        return addresses.size();
    }

    /** IPv4 per address; IPv6 per /64, since one host is routinely given a whole /64 to pick addresses from. */
    static String addressKey(InetAddress address) {
        if (address == null) {
            return "unknown";
        }
        byte[] b = address.getAddress();
        if (address instanceof Inet6Address) {
            return HexFormat.of().formatHex(Arrays.copyOf(b, 8)) + "::/64";
        }
        return address.getHostAddress();
    }
}
