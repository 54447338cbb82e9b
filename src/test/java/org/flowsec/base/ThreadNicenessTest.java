package org.flowsec.base;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ThreadNicenessTest {
    @Test
    void lowersOnlyTheCallingThread() throws Exception {
        assumeTrue(Files.exists(Path.of("/proc/thread-self")), "Linux only");
        int before = ThreadNiceness.current();
        AtomicInteger inside = new AtomicInteger(-1);
        AtomicInteger took = new AtomicInteger();
        Thread t = new Thread(() -> {
            took.set(ThreadNiceness.lowerCurrent(12) ? 1 : 0);
            inside.set(ThreadNiceness.current());
        });
        t.start();
        t.join();
        assertThat(took.get()).isEqualTo(1);
        assertThat(inside.get()).isEqualTo(12);
        assertThat(ThreadNiceness.current()).isEqualTo(before);
    }

    @Test
    void raisingPriorityTakesEffectExactlyWhenTheKernelSaysSo() throws Exception {
        assumeTrue(Files.exists(Path.of("/proc/thread-self")), "Linux only");
        int before = ThreadNiceness.current();
        AtomicInteger inside = new AtomicInteger(99);
        AtomicInteger took = new AtomicInteger(-1);
        Thread t = new Thread(() -> {
            took.set(ThreadNiceness.setCurrent(-3) ? 1 : 0);
            inside.set(ThreadNiceness.current());
        });
        t.start();
        t.join();
        // root or CAP_SYS_NICE: -3; an unprivileged user: refused, and the thread keeps its priority
        assertThat(inside.get()).isEqualTo(took.get() == 1 ? -3 : before);
        assertThat(ThreadNiceness.current()).isEqualTo(before);
        if (hasCapSysNice()) {
            assertThat(took.get()).isEqualTo(1);
        }
    }

    /** CAP_SYS_NICE (capability 23) in this process's effective set. */
    private static boolean hasCapSysNice() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("CapEff:")) {
                return (Long.parseUnsignedLong(line.substring(7).strip(), 16) >>> 23 & 1) != 0;
            }
        }
        return false;
    }

    @Test
    void refusesValuesOutsideTheUnprivilegedRange() {
        assertThatThrownBy(() -> ThreadNiceness.lowerCurrent(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ThreadNiceness.lowerCurrent(20)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ThreadNiceness.setCurrent(-21)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ThreadNiceness.setCurrent(20)).isInstanceOf(IllegalArgumentException.class);
    }
}
