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
    void refusesValuesOutsideTheUnprivilegedRange() {
        assertThatThrownBy(() -> ThreadNiceness.lowerCurrent(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ThreadNiceness.lowerCurrent(20)).isInstanceOf(IllegalArgumentException.class);
    }
}
