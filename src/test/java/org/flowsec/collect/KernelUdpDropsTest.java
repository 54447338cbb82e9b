package org.flowsec.collect;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.flowsec.flow.Addresses;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KernelUdpDropsTest {
    /** As printed by Linux 6.x on x86-64 (little-endian): 127.0.0.1:2055 dropped 17, 0.0.0.0:9995 none. */
    static final String UDP = """
               sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops
             1177: 0100007F:0807 00000000:0000 07 00000000:00034000 00:00000000 00000000  1000        0 20519 2 0000000000000000 17
             2345: 00000000:270B 00000000:0000 07 00000000:00000000 00:00000000 00000000  1000        0 20520 2 0000000000000000 0
             3456: 0100007F:0807 00000000:0000 07 00000000:00000000 00:00000000 00000000  1001        0 99999 2 0000000000000000 5
            """;
    /** [::1]:2055 dropped 3; [2001:db8::1]:4739 dropped 1; [::ffff:127.0.0.2]:2056 dropped 2. */
    static final String UDP6 = """
               sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops
              519: 00000000000000000000000001000000:0807 00000000000000000000000000000000:0000 07 00000000:00000000 00:00000000 00000000  1000        0 30001 2 0000000000000000 3
              520: B80D0120000000000000000001000000:1283 00000000000000000000000000000000:0000 07 00000000:00000000 00:00000000 00000000  1000        0 30002 2 0000000000000000 1
              521: 0000000000000000FFFF00000200007F:0808 00000000000000000000000000000000:0000 07 00000000:00000000 00:00000000 00000000  1000        0 30003 2 0000000000000000 2
              522: garbage
            """;

    @Test
    void readsAddressPortInodeAndDropsOfIpv4Sockets() {
        List<KernelUdpDrops.Entry> e = KernelUdpDrops.parse(UDP, ByteOrder.LITTLE_ENDIAN);
        assertThat(e).hasSize(3);
        assertThat(Addresses.format(e.get(0).localHi(), e.get(0).localLo())).isEqualTo("127.0.0.1");
        assertThat(e.get(0).localPort()).isEqualTo(2055);
        assertThat(e.get(0).inode()).isEqualTo(20519);
        assertThat(e.get(0).drops()).isEqualTo(17);
        assertThat(Addresses.format(e.get(1).localHi(), e.get(1).localLo())).isEqualTo("0.0.0.0");
        assertThat(e.get(1).localPort()).isEqualTo(9995);
    }

    @Test
    void readsIpv6WordsInHostOrderAndSkipsGarbage() {
        List<KernelUdpDrops.Entry> e = KernelUdpDrops.parse(UDP6, ByteOrder.LITTLE_ENDIAN);
        assertThat(e).hasSize(3);
        assertThat(Addresses.format(e.get(0).localHi(), e.get(0).localLo())).isEqualTo("::1");
        assertThat(Addresses.format(e.get(1).localHi(), e.get(1).localLo())).isEqualTo("2001:db8::1");
        assertThat(e.get(1).localPort()).isEqualTo(4739);
        assertThat(Addresses.format(e.get(2).localHi(), e.get(2).localLo())).as("v4-mapped").isEqualTo("127.0.0.2");
    }

    @Test
    void countsOnlyTheSocketsThisProcessOwnsOnThatAddressAndPort() {
        List<KernelUdpDrops.Entry> all = new ArrayList<>(KernelUdpDrops.parse(UDP, ByteOrder.LITTLE_ENDIAN));
        all.addAll(KernelUdpDrops.parse(UDP6, ByteOrder.LITTLE_ENDIAN));
        InetSocketAddress lo2055 = new InetSocketAddress("127.0.0.1", 2055);
        assertThat(KernelUdpDrops.drops(lo2055, all, Set.of(20519L, 30001L))).isEqualTo(17);
        assertThat(KernelUdpDrops.drops(lo2055, all, Set.of())).as("no inode list: port and address").isEqualTo(22);
        assertThat(KernelUdpDrops.drops(new InetSocketAddress("::1", 2055), all, Set.of(30001L))).isEqualTo(3);
        assertThat(KernelUdpDrops.drops(new InetSocketAddress("127.0.0.2", 2056), all, Set.of(30003L))).isEqualTo(2);
        assertThat(KernelUdpDrops.drops(lo2055, null, Set.of())).as("no /proc").isEqualTo(-1);
    }

    @Test
    void readsTheFilesOfAProcDirectory(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("udp"), UDP);
        Path fds = Files.createDirectory(dir.resolve("fd"));
        Files.createSymbolicLink(fds.resolve("7"), Path.of("socket:[20519]"));
        KernelUdpDrops k = new KernelUdpDrops(dir, fds);
        if (ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN) {
            assertThat(k.drops(new InetSocketAddress("127.0.0.1", 2055))).isEqualTo(17);
        }
        assertThat(new KernelUdpDrops(dir.resolve("missing"), fds).drops(new InetSocketAddress("127.0.0.1", 2055)))
                .isEqualTo(-1);
    }
}
