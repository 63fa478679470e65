package dev.ariadne.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TokenBucketTests {
    static final long SECOND = 1_000_000_000L;

    @Test
    void aBurstIsAllowedThenRequestsWaitForTheRefill() {
        TokenBucket b = new TokenBucket(3, 0.5, 0); // 3 at once, one more every 2 s
        for (int i = 0; i < 3; i++) {
            TokenBucket.Decision d = b.tryTake(0);
            assertThat(d.allowed()).isTrue();
            assertThat(d.remaining()).isEqualTo(2 - i);
        }
        TokenBucket.Decision refused = b.tryTake(0);
        assertThat(refused.allowed()).isFalse();
        assertThat(refused.retryAfterSeconds()).isEqualTo(2);
        assertThat(refused.resetSeconds()).isEqualTo(6);
        assertThat(b.tryTake(SECOND).allowed()).as("half a token after 1 s").isFalse();
        assertThat(b.tryTake(2 * SECOND).allowed()).isTrue();
        assertThat(b.isFull(100 * SECOND)).isTrue();
        assertThat(b.tryTake(100 * SECOND).remaining()).as("never more than the burst").isEqualTo(2);
    }

    @Test
    void keysHaveTheirOwnBucketsAndAGuessingAddressIsBlockedUntilItRefills() throws Exception {
        AtomicLong now = new AtomicLong();
        ApiRateLimiter limiter = new ApiRateLimiter(new RateLimitProperties(true, 60, 2, 100), now::get);
        for (int i = 0; i < 5; i++) {
            assertThat(limiter.admitKey("a", 1, 5).allowed()).isTrue();
        }
        assertThat(limiter.admitKey("a", 1, 5).allowed()).isFalse();
        assertThat(limiter.admitKey("b", 1, 5).allowed()).as("another key is untouched").isTrue();

        InetAddress guesser = InetAddress.getByName("203.0.113.9");
        assertThat(limiter.addressBlocked(guesser)).isFalse();
        assertThat(limiter.failedAuth(guesser).allowed()).isTrue();
        assertThat(limiter.failedAuth(guesser).allowed()).isTrue();
        assertThat(limiter.failedAuth(guesser).allowed()).isFalse();
        assertThat(limiter.addressBlocked(guesser)).isTrue();
        assertThat(limiter.addressBlocked(InetAddress.getByName("203.0.113.10"))).isFalse();
        now.addAndGet(SECOND); // 60 per minute: one more after a second
        assertThat(limiter.addressBlocked(guesser)).isFalse();
    }

    @Test
    void ipv6AddressesCountPerSlash64() throws Exception {
        assertThat(ApiRateLimiter.addressKey(InetAddress.getByName("2001:db8:1:2::1")))
                .isEqualTo(ApiRateLimiter.addressKey(InetAddress.getByName("2001:db8:1:2:ffff::9")))
                .isNotEqualTo(ApiRateLimiter.addressKey(InetAddress.getByName("2001:db8:1:3::1")));
        assertThat(ApiRateLimiter.addressKey(InetAddress.getByName("192.0.2.1"))).isEqualTo("192.0.2.1");
    }

    @Test
    void addressesWhoseBucketsAreFullAgainAreForgottenBeyondTheBound() throws Exception {
        AtomicLong now = new AtomicLong();
        ApiRateLimiter limiter = new ApiRateLimiter(new RateLimitProperties(true, 60, 2, 100), now::get);
        for (int i = 0; i < 100; i++) {
            limiter.failedAuth(InetAddress.getByName("198.51.100." + i));
        }
        assertThat(limiter.trackedAddresses()).isEqualTo(100);
        now.addAndGet(10 * SECOND); // every bucket full again
        limiter.failedAuth(InetAddress.getByName("192.0.2.200"));
        assertThat(limiter.trackedAddresses()).isEqualTo(1);
    }
}
