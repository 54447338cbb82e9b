package org.flowsec.collect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.List;
import org.flowsec.flow.Addresses;
import org.junit.jupiter.api.Test;

class AllowlistTest {
    private static boolean allows(Allowlist a, String address) {
        InetAddress ia = Addresses.parse(address);
        return a.allows(Addresses.hi(ia), Addresses.lo(ia));
    }

    @Test
    void anEmptyListAcceptsEveryone() {
        assertThat(allows(Allowlist.of(List.of()), "203.0.113.9")).isTrue();
        assertThat(allows(Allowlist.ANY, "2001:db8::1")).isTrue();
    }

    @Test
    void ipv4PrefixesAndHostsMatchOnlyTheirAddresses() {
        Allowlist a = Allowlist.of(List.of("10.1.0.0/16", "192.0.2.7"));
        assertThat(allows(a, "10.1.255.3")).isTrue();
        assertThat(allows(a, "10.2.0.1")).isFalse();
        assertThat(allows(a, "192.0.2.7")).isTrue();
        assertThat(allows(a, "192.0.2.8")).isFalse();
        assertThat(allows(a, "::ffff:10.1.0.1")).as("IPv4-mapped is the same address").isTrue();
    }

    @Test
    void ipv6PrefixesMatchAcrossBothWords() {
        Allowlist a = Allowlist.of(List.of("2001:db8::/32", "fe80::1:0:0:0/80", "::1"));
        assertThat(allows(a, "2001:db8:ffff::1")).isTrue();
        assertThat(allows(a, "2001:db9::1")).isFalse();
        assertThat(allows(a, "fe80::1:0:9:9")).isTrue();
        assertThat(allows(a, "fe80::2:0:0:0")).isFalse();
        assertThat(allows(a, "::1")).isTrue();
        assertThat(allows(a, "127.0.0.1")).isFalse();
    }

    @Test
    void aZeroLengthPrefixAcceptsItsWholeFamily() {
        Allowlist v4 = Allowlist.of(List.of("0.0.0.0/0"));
        assertThat(allows(v4, "198.51.100.1")).isTrue();
        assertThat(allows(v4, "2001:db8::1")).isFalse();
    }

    @Test
    void malformedEntriesAreRejectedWithTheEntryInTheMessage() {
        assertThatThrownBy(() -> Allowlist.of(List.of("10.0.0.0/33"))).hasMessageContaining("10.0.0.0/33");
        assertThatThrownBy(() -> Allowlist.of(List.of("10.0.0.0/x"))).hasMessageContaining("10.0.0.0/x");
        assertThatThrownBy(() -> Allowlist.of(List.of("router.example"))).hasMessageContaining("router.example");
    }
}
