package dev.ariadne.common;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AddressesTests {

    @Test
    void anAddressIsInAnEntryThatEqualsItOrWhoseNetworkHoldsIt() {
        assertThat(Addresses.contains("192.0.2.1", "192.0.2.1")).isTrue();
        assertThat(Addresses.contains("192.0.2.1", "192.0.2.2")).isFalse();
        assertThat(Addresses.contains("198.51.100.0/24", "198.51.100.255")).isTrue();
        assertThat(Addresses.contains("198.51.100.0/24", "198.51.101.0")).isFalse();
        assertThat(Addresses.contains("10.0.0.0/9", "10.127.255.255")).isTrue();
        assertThat(Addresses.contains("10.0.0.0/9", "10.128.0.0")).isFalse();
        assertThat(Addresses.contains("0.0.0.0/0", "203.0.113.7")).isTrue();
        assertThat(Addresses.contains("2001:db8::/32", "2001:db8:ffff::1")).isTrue();
        assertThat(Addresses.contains("2001:db8::/32", "2001:db9::1")).isFalse();
    }

    @Test
    void familiesNamesAndMalformedEntriesNeverMatch() {
        assertThat(Addresses.contains("0.0.0.0/0", "2001:db8::1")).isFalse();
        assertThat(Addresses.contains("::/0", "192.0.2.1")).isFalse();
        assertThat(Addresses.contains("carrier.example", "192.0.2.1")).isFalse();
        assertThat(Addresses.contains("192.0.2.0/33", "192.0.2.1")).isFalse();
        assertThat(Addresses.contains("192.0.2.0/24", "localhost")).isFalse();
        assertThat(Addresses.contains("192.0.2.0/24", null)).isFalse();
    }

    @Test
    void theHostOfAnAsteriskTransportAddressIsItsIp() {
        assertThat(Addresses.hostOf("192.0.2.1:5060")).isEqualTo("192.0.2.1");
        assertThat(Addresses.hostOf("192.0.2.1")).isEqualTo("192.0.2.1");
        assertThat(Addresses.hostOf("[2001:db8::1]:5061")).isEqualTo("2001:db8::1");
        assertThat(Addresses.hostOf("2001:db8::1")).isEqualTo("2001:db8::1");
        assertThat(Addresses.hostOf("carrier.example:5060")).isNull();
        assertThat(Addresses.hostOf("")).isNull();
        assertThat(Addresses.hostOf(null)).isNull();
    }
}
