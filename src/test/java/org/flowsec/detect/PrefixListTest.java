package org.flowsec.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.SplittableRandom;
import org.flowsec.flow.Addresses;
import org.junit.jupiter.api.Test;

class PrefixListTest {
    @Test
    void theFastIpv4PathAnswersExactlyLikeEveryPrefixTestedOneByOne() {
        PrefixList list = PrefixList.parse("test", List.of("10.0.0.0/8", "172.16.0.0/12", "192.168.7.0/24",
                "192.168.7.128/25", "100.64.0.0/10", "203.0.113.9", "0.0.0.0/1", "2001:db8::/32"));
        PrefixList privateRanges = HomeNetworks.of(List.of()).prefixes();
        for (PrefixList l : List.of(list, privateRanges, PrefixList.empty())) {
            PrefixList fast = l;
            SplittableRandom r = new SplittableRandom(3);
            for (int i = 0; i < 200_000; i++) {
                int a = i < 100_000 ? r.nextInt() : edge(r);
                long lo = Addresses.v4Low(a);
                assertThat(fast.contains(0, lo)).as(Addresses.formatV4(a)).isEqualTo(reference(l, 0, lo));
            }
            long v6 = 0x2001_0db8_0000_0000L;
            assertThat(fast.contains(v6, 1)).isEqualTo(reference(l, v6, 1));
            assertThat(fast.contains(v6 + (1L << 32), 1)).isEqualTo(reference(l, v6 + (1L << 32), 1));
        }
    }

    @Test
    void theFastIpv6PathAnswersExactlyLikeEveryPrefixTestedOneByOne() {
        List<PrefixList> lists = List.of(
                PrefixList.parse("test", List.of("2001:db8::/32", "2a00::/8", "fe80::/10", "2001::/16", "10.0.0.0/8")),
                PrefixList.parse("test", List.of("::/0")),
                PrefixList.parse("test", List.of("::fffe:0:0/95", "2001:db8:1::/48")),
                PrefixList.parse("test", List.of("8000::/1", "192.168.0.0/16")),
                HomeNetworks.of(List.of()).prefixes());
        long[] tops = {0x2001_0db8_0000_0000L, 0x2001_0000_0000_0000L, 0x2a00_0000_0000_0000L, 0xfe80_0000_0000_0000L,
            0xfd00_0000_0000_0000L, 0x8000_0000_0000_0000L, 0x2001_0db8_0001_0000L, 0};
        for (PrefixList l : lists) {
            SplittableRandom r = new SplittableRandom(5);
            for (int i = 0; i < 100_000; i++) {
                long hi = i % 2 == 0 ? r.nextLong() : tops[r.nextInt(tops.length)] + r.nextInt(1 << 20) - (1 << 19);
                long lo = r.nextLong();
                assertThat(l.contains(hi, lo)).as("%x %x in %s", hi, lo, l).isEqualTo(reference(l, hi, lo));
            }
            for (int i = 0; i < 20_000; i++) {
                long lo = Addresses.v4Low(r.nextInt());
                assertThat(l.contains(0, lo)).as("%x in %s", lo, l).isEqualTo(reference(l, 0, lo));
            }
        }
    }

    /** The definition: some prefix of the list contains the address. */
    private static boolean reference(PrefixList l, long hi, long lo) {
        return l.prefixes().stream().anyMatch(p -> p.contains(hi, lo));
    }

    /** Addresses next to the prefixes' edges. */
    private static int edge(SplittableRandom r) {
        int[] bases = {0x0A000000, 0xAC100000, 0xAC200000, 0xC0A80700, 0xC0A80780, 0x64400000, 0x64800000, 0xCB007109,
            0x80000000};
        return bases[r.nextInt(bases.length)] + r.nextInt(512) - 256;
    }
}
