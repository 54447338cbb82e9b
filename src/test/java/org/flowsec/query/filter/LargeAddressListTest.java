package org.flowsec.query.filter;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.flowsec.flow.Addresses;
import org.flowsec.flow.Field;
import org.flowsec.flow.FlowBatch;
import org.junit.jupiter.api.Test;

/** {@code ip in [...]} with thousands of hosts and prefixes of mixed lengths and families. */
class LargeAddressListTest {
    @Test
    void aListOfFiveThousandEntriesMatchesExactlyTheListedHostsAndNetworks() {
        Random rnd = new Random(42);
        Set<Integer> hosts = new HashSet<>();
        while (hosts.size() < 4000) {
            hosts.add(0x0A000000 | rnd.nextInt(1 << 24)); // 10.0.0.0/8
        }
        List<String> entries = new ArrayList<>();
        hosts.forEach(h -> entries.add(Addresses.formatV4(h)));
        for (int i = 0; i < 900; i++) {
            entries.add("172." + (16 + i % 16) + "." + (i / 16) + ".0/24");
        }
        for (int i = 0; i < 100; i++) {
            entries.add("2001:db8:" + Integer.toHexString(i) + "::/48");
        }
        String filter = "src ip in [" + String.join(" ", entries) + "]";
        FlowPredicate p = FilterCompiler.compile(filter);

        FlowBatch b = new FlowBatch(20_000);
        List<Boolean> expected = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            int row = b.addRow();
            boolean in;
            switch (i % 4) {
                case 0 -> {
                    int a = 0x0A000000 | rnd.nextInt(1 << 24);
                    b.setIpv4(Field.SRC_ADDR, row, a);
                    in = hosts.contains(a);
                }
                case 1 -> {
                    int x = rnd.nextInt(1000);
                    int third = rnd.nextInt(64);
                    b.setIpv4(Field.SRC_ADDR, row, (172 << 24) | ((16 + x % 16) << 16) | (third << 8) | rnd.nextInt(256));
                    // entry i covers 172.(16 + i%16).(i/16).0/24 for i < 900, i.e. third octet < 56, or 57 for the first four
                    in = third < 56 || (third == 56 && x % 16 < 4);
                }
                case 2 -> {
                    int g = rnd.nextInt(200);
                    b.setAddress(Field.SRC_ADDR, row, 0x20010db8_00000000L | ((long) g << 16) | rnd.nextInt(1 << 16),
                            rnd.nextLong());
                    in = g < 100;
                }
                default -> {
                    b.setIpv4(Field.DST_ADDR, row, hosts.iterator().next());
                    in = false; // listed address, but on the destination side
                }
            }
            expected.add(in);
        }
        int[] rows = new int[b.size()];
        int n = p.select(b, rows);
        int[] want = java.util.stream.IntStream.range(0, b.size()).filter(expected::get).toArray();
        assertThat(Arrays.copyOf(rows, n)).containsExactly(want);
        assertThat(want.length).as("both outcomes occur").isBetween(1000, 19_000);
        for (int r = 0; r < b.size(); r += 97) {
            assertThat(p.test(b, r)).isEqualTo(expected.get(r));
        }
        Set<String> hinted = FilterHints.requiredAddresses(FilterParser.parse(filter)).orElseThrow().stream()
                .map(Prefix::toString).collect(Collectors.toSet());
        assertThat(hinted).hasSize(5000);
    }
}
