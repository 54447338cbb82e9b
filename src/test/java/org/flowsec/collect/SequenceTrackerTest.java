package org.flowsec.collect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class SequenceTrackerTest {
    private static final long WINDOW = 300;
    private static final long MAX_GAP = 100_000;

    /** Feeds "sequence:advance" pairs. */
    private static SequenceTracker feed(String stream) {
        SequenceTracker t = new SequenceTracker(WINDOW, MAX_GAP);
        for (String d : stream.trim().split("\\s+")) {
            String[] p = d.split(":");
            t.accept(Long.parseLong(p[0]), Long.parseLong(p[1]));
        }
        return t;
    }

    static Stream<Arguments> streams() {
        return Stream.of(
                // stream (sequence:advance ...), lost, gaps, late, duplicates, resets
                Arguments.of("in order", "0:30 30:30 60:30 90:10", 0, 0, 0, 0, 0),
                Arguments.of("one missing datagram", "0:30 30:30 90:30", 30, 1, 0, 0, 0),
                Arguments.of("three separate gaps", "0:30 60:30 120:30 180:5", 90, 3, 0, 0, 0),
                Arguments.of("swapped pair is no loss", "0:30 60:30 30:30 90:30", 0, 1, 1, 0, 0),
                Arguments.of("late datagram fills part of a gap", "0:10 40:10 10:10", 20, 1, 1, 0, 0),
                Arguments.of("late datagram fills the middle of a gap", "0:10 40:10 20:10", 20, 1, 1, 0, 0),
                Arguments.of("first datagram arrives late", "30:30 0:30 60:30", 0, 0, 1, 0, 0),
                Arguments.of("early arrival leaves a gap before the first seen", "60:30 0:30 90:30", 30, 1, 1, 0, 0),
                Arguments.of("duplicate datagram", "0:30 30:30 30:30 60:30", 0, 0, 0, 1, 0),
                Arguments.of("wraps around 2^32 without loss",
                        "4294967236:30 4294967266:30 0:30 30:30", 0, 0, 0, 0, 0),
                Arguments.of("gap across the wrap", "4294967266:30 30:30", 30, 1, 0, 0, 0),
                Arguments.of("reordered across the wrap", "4294967266:30 30:30 0:30", 0, 1, 1, 0, 0),
                Arguments.of("restart to zero is a reset, not loss", "1000000:30 1000030:30 0:30 30:30", 0, 0, 0, 0, 1),
                Arguments.of("huge forward jump is a reset", "0:30 30:30 3000000000:30 3000000030:30", 0, 0, 0, 0, 1),
                Arguments.of("backwards beyond the window is a reset", "1000:30 1030:30 600:30 630:30", 0, 0, 0, 0, 1),
                Arguments.of("v9 counts datagrams", "7:1 8:1 10:1 9:1 13:1", 2, 2, 1, 0, 0));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("streams")
    void reportsTheExactLossOfEachStream(String name, String stream, long lost, long gaps, long late,
                                         long duplicates, long resets) {
        SequenceTracker t = feed(stream);
        assertThat(t.lostUnits()).as("lost").isEqualTo(lost);
        assertThat(t.gaps()).as("gaps").isEqualTo(gaps);
        assertThat(t.lateDatagrams()).as("late").isEqualTo(late);
        assertThat(t.duplicateDatagrams()).as("duplicates").isEqualTo(duplicates);
        assertThat(t.resets()).as("resets").isEqualTo(resets);
    }

    @Test
    void aGapPushedOutOfTheWindowStaysLost() {
        SequenceTracker t = feed("0:30 60:30 90:300 390:30 30:30");
        // 30:30 arrives 360 units behind the highest, beyond the 300-unit window: an exporter reset
        assertThat(t.resets()).isEqualTo(1);
        assertThat(t.lostUnits()).isEqualTo(30);
        assertThat(t.openGaps()).isZero();
    }

    @Test
    void manyOpenGapsAreBoundedAndTheOldestStaysCounted() {
        SequenceTracker t = new SequenceTracker(1_000_000, MAX_GAP);
        for (int i = 0; i < 100; i++) {
            t.accept(i * 2L, 1); // every other unit missing: 99 gaps
        }
        assertThat(t.openGaps()).isEqualTo(SequenceTracker.MAX_OPEN_GAPS);
        assertThat(t.lostUnits()).isEqualTo(99);
        t.accept(197, 1); // the newest gap can still be filled
        assertThat(t.lostUnits()).isEqualTo(98);
    }

    @Test
    void aDatagramAdvancingNothingIsNeitherLossNorDuplicate() {
        SequenceTracker t = feed("0:10 10:0 10:10 5:0");
        assertThat(t.lostUnits()).isZero();
        assertThat(t.duplicateDatagrams()).isZero();
    }

    /**
     * A gapped stream of datagrams (random advances, random deletions), shuffled so that no datagram
     * moves more than {@code displacement} places: the tracker reports exactly the units missing
     * between the first and the last unit received, wherever the stream starts in the 32-bit space.
     */
    @Property(tries = 500)
    void reordersWithinTheWindowNeverChangeTheExactLoss(
            @ForAll @LongRange(min = 0, max = 0xFFFF_FFFFL) long start,
            @ForAll @IntRange(min = 2, max = 400) int count,
            @ForAll @IntRange(min = 1, max = 10) int displacement,
            @ForAll @IntRange(min = 0, max = 60) int deletePercent,
            @ForAll long seed) {
        Random random = new Random(seed);
        List<long[]> sent = new ArrayList<>(); // {sequence, advance, order key}
        long seq = start;
        for (int i = 0; i < count; i++) {
            long advance = 1 + random.nextInt(30);
            if (random.nextInt(100) >= deletePercent) {
                sent.add(new long[] {seq, advance, i + random.nextInt(displacement)});
            }
            seq += advance;
        }
        if (sent.isEmpty()) {
            return;
        }
        long first = sent.get(0)[0];
        long[] last = sent.get(sent.size() - 1);
        long received = sent.stream().mapToLong(d -> d[1]).sum();
        long expectedLost = (last[0] + last[1] - first) - received;

        sent.sort(Comparator.comparingLong(d -> d[2]));
        // No datagram arrives more than displacement * 30 units behind the highest one already seen.
        SequenceTracker t = new SequenceTracker(displacement * 30L, 1 << 20);
        for (long[] d : sent) {
            t.accept(d[0] & 0xFFFF_FFFFL, d[1]);
        }
        assertThat(t.resets()).isZero();
        assertThat(t.duplicateDatagrams()).isZero();
        assertThat(t.lostUnits()).isEqualTo(expectedLost);
        assertThat(t.receivedUnits()).isEqualTo(received);
    }
}
