package org.flowsec.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class PrefixesTest {

    /** Masks {@code address} and prints the result, going through the two-word layout. */
    private static String mask(String address, int v4Bits, int v6Bits) throws Exception {
        byte[] b = InetAddress.getByName(address).getAddress();
        long hi;
        long lo;
        if (b.length == 4) {
            hi = 0;
            lo = Prefixes.V4_MAPPED | (ByteBuffer.wrap(b).getInt() & 0xFFFF_FFFFL);
        } else {
            ByteBuffer bb = ByteBuffer.wrap(b);
            hi = bb.getLong();
            lo = bb.getLong();
        }
        long mhi = Prefixes.maskHi(hi, lo, v4Bits, v6Bits);
        long mlo = Prefixes.maskLo(hi, lo, v4Bits, v6Bits);
        if (Prefixes.isV4(mhi, mlo)) {
            return InetAddress.getByAddress(ByteBuffer.allocate(4).putInt((int) mlo).array()).getHostAddress();
        }
        return InetAddress.getByAddress(ByteBuffer.allocate(16).putLong(mhi).putLong(mlo).array()).getHostAddress();
    }

    @ParameterizedTest(name = "{0} /{1} /{2} -> {3}")
    @CsvSource({
        "10.1.2.3, 24, 128, 10.1.2.0",
        "10.1.2.3, 16, 128, 10.1.0.0",
        "10.1.2.3, 32, 128, 10.1.2.3",
        "10.1.2.3, 0, 128, 0.0.0.0",
        "192.168.255.255, 23, 128, 192.168.254.0",
        "10.1.2.3, 32, 48, 10.1.2.3",
        "2001:db8:abcd:1234::1, 32, 48, 2001:db8:abcd:0:0:0:0:0",
        "2001:db8:abcd:1234::1, 24, 128, 2001:db8:abcd:1234:0:0:0:1",
        "2001:db8:abcd:1234:ffff:ffff:ffff:ffff, 32, 64, 2001:db8:abcd:1234:0:0:0:0",
        "2001:db8:abcd:1234:ffff:ffff:ffff:ffff, 32, 72, 2001:db8:abcd:1234:ff00:0:0:0",
        "2001:db8:abcd:1234:ffff:ffff:ffff:ffff, 32, 127, 2001:db8:abcd:1234:ffff:ffff:ffff:fffe",
        "2001:db8:abcd:1234::1, 32, 0, 0:0:0:0:0:0:0:0",
        "2001:db8:abcd:1234::1, 32, 1, 0:0:0:0:0:0:0:0",
        "fe80::1, 32, 1, 8000:0:0:0:0:0:0:0",
    })
    void masksKeepThePrefixOfTheAddressFamily(String address, int v4Bits, int v6Bits, String expected)
            throws Exception {
        assertThat(mask(address, v4Bits, v6Bits)).isEqualTo(expected);
    }

    @Test
    void prefixLengthsOutsideTheFamilyAreRefused() {
        assertThatThrownBy(() -> Prefixes.maskLo(0, Prefixes.V4_MAPPED, 33, 128))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0..32");
        assertThatThrownBy(() -> Prefixes.maskHi(1, 0, 24, 129)).isInstanceOf(IllegalArgumentException.class);
    }
}
