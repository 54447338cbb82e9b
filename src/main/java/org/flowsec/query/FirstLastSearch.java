package org.flowsec.query;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.flowsec.flow.Field;
import org.flowsec.flow.FlowBatch;
import org.flowsec.query.filter.FlowPredicate;
import org.flowsec.stats.KeyHash;

/**
 * The second look of a statistic whose scan left first and last out ({@link StatQuery#timesDeferrable}):
 * finds the earliest start and the latest end of each listed key by reading only the spans that can still
 * change them. Flows are stored roughly in the order they ended, so a busy key's earliest start lies in the
 * first spans by start and its latest end in the last spans by end; the rest of the store need not be read.
 *
 * <p>The scan counted each row with the time bounds of its span instead of its own times, so each key comes
 * with the bounds of the spans it was met in; a span outside them does not hold it. Spans are read in rounds,
 * growing twice as large each time: in order of their earliest start, those that may hold a key and start
 * before its earliest start found so far, and in reverse order of their latest end, those that may hold a key
 * and end after its latest end found so far. A span passed over can be of no use later, as the times found
 * only get better; once the next span of an order starts (ends) no earlier (later) than every key's found
 * time, no later one can either, and every key's times are exact: the same rows, filter and range as the
 * scan, so the same values a one-pass scan gives.
 */
final class FirstLastSearch {
    private final StatQuery query;
    private final BlockSource source;
    private final KeySet keys;
    private final long[] first;
    private final long[] last;
    /**
     * Per key, the earliest start and latest end bound of the spans the scan met it in (the scan counted each
     * row with its span's bounds, {@link org.flowsec.flow.FlowBatch#boundMinFirst}): spans outside them do not
     * hold the key.
     */
    private final long[] seenFrom;
    private final long[] seenTo;
    private final List<Worker> workers = Collections.synchronizedList(new ArrayList<>());
    /**
     * For the round being read: a row that starts no earlier than this and ends no later than
     * {@link #endsAfter} improves no key (the latest of the keys' earliest starts, the earliest of their latest
     * ends), so its key is not even looked at; most rows of a block read for its long flows are such rows.
     */
    private volatile long startsBefore = Long.MAX_VALUE;
    private volatile long endsAfter = Long.MIN_VALUE;

    private FirstLastSearch(StatQuery query, BlockSource source, List<StatRow> rows, boolean bounded) {
        this.query = query;
        this.source = source;
        this.keys = new KeySet(query.key().words(), rows);
        this.first = new long[rows.size()];
        this.last = new long[rows.size()];
        this.seenFrom = rows.stream().mapToLong(r -> bounded ? r.first() : Long.MIN_VALUE).toArray();
        this.seenTo = rows.stream().mapToLong(r -> bounded ? r.last() : Long.MAX_VALUE).toArray();
        Arrays.fill(first, Long.MAX_VALUE);
        Arrays.fill(last, Long.MIN_VALUE);
    }

    /** Stores of fewer spans are read once, first and last included: a second look would read most of them again. */
    static final int MIN_SPANS = 64;

    /**
     * Whether a second look is likely to read few spans: the store has {@link #MIN_SPANS} or more and, for a key
     * found in every span, at most half of them could hold its earliest start or latest end. Such a key starts
     * no later than the earliest of the spans' latest starts, so only spans starting before that can hold its
     * start (likewise for ends). A store written as flows arrived has narrow spans and passes; one whose every
     * span covers most of its time range (flows imported out of order) would be read almost twice, and fails.
     */
    static boolean worthwhile(List<BlockSource.Span> spans) {
        int n = spans.size();
        if (n < MIN_SPANS) {
            return false;
        }
        long startsBy = Long.MAX_VALUE;
        long endsFrom = Long.MIN_VALUE;
        for (BlockSource.Span s : spans) {
            startsBy = Math.min(startsBy, s.maxFirst());
            endsFrom = Math.max(endsFrom, s.minLast());
        }
        int reread = 0;
        for (BlockSource.Span s : spans) {
            if (s.minFirst() < startsBy || s.maxLast() > endsFrom) {
                reread++;
            }
        }
        return reread <= n / 2;
    }

    /**
     * {@code rows} with their first and last times found in {@code source}, or null if a key was not met
     * again (the source changed since the scan); the caller then runs the statistic in one pass. With
     * {@code bounded}, each row's first and last are the bounds of the spans the scan met its key in (else
     * every span may hold it).
     */
    static List<StatRow> complete(StatQuery query, List<StatRow> rows, BlockSource source, boolean bounded)
            throws IOException {
        FirstLastSearch s = new FirstLastSearch(query, source, rows, bounded);
        s.search();
        List<StatRow> out = new ArrayList<>(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            if (s.first[i] == Long.MAX_VALUE) {
                return null;
            }
            StatRow r = rows.get(i);
            out.add(new StatRow(r.key(), r.flows(), r.packets(), r.bytes(), s.first[i], s.last[i], r.percent(),
                    r.distinct()));
        }
        return out;
    }

    private void search() throws IOException {
        List<BlockSource.Span> spans = source.spans();
        int n = spans.size();
        Integer[] byFirst = order(n, Comparator.comparingLong(i -> spans.get(i).minFirst()));
        Integer[] byLast = order(n, Comparator.<Integer>comparingLong(i -> spans.get(i).maxLast()).reversed());
        Set<Field> fields = EnumSet.of(Field.FIRST, Field.LAST); // and what selects and groups rows
        fields.addAll(query.filter().fields());
        fields.addAll(query.key().fields(false));
        BitSet read = new BitSet(n);
        int nextByFirst = 0;
        int nextByLast = 0;
        int round = Math.max(4, 2 * source.parallelism());
        while (true) {
            long latestFirst = Arrays.stream(first).max().orElse(Long.MIN_VALUE);
            long earliestLast = Arrays.stream(last).min().orElse(Long.MAX_VALUE);
            BitSet pick = new BitSet(n);
            for (int picked = 0; nextByFirst < n && picked < round; nextByFirst++) {
                int s = byFirst[nextByFirst];
                if (spans.get(s).minFirst() >= latestFirst) {
                    nextByFirst = n; // no later span starts before any key's earliest start found
                    break;
                }
                if (!read.get(s) && mayStartEarlier(spans.get(s))) {
                    pick.set(s);
                    picked++;
                }
            }
            for (int picked = 0; nextByLast < n && picked < round; nextByLast++) {
                int s = byLast[nextByLast];
                if (spans.get(s).maxLast() <= earliestLast) {
                    nextByLast = n;
                    break;
                }
                if (!read.get(s) && !pick.get(s) && mayEndLater(spans.get(s))) {
                    pick.set(s);
                    picked++;
                }
            }
            if (pick.isEmpty()) {
                return;
            }
            startsBefore = latestFirst;
            endsAfter = earliestLast;
            source.run(fields, pick, this::newWorker, r -> true);
            synchronized (workers) {
                for (Worker w : workers) {
                    for (int k = 0; k < first.length; k++) {
                        first[k] = Math.min(first[k], w.first[k]);
                        last[k] = Math.max(last[k], w.last[k]);
                    }
                }
                workers.clear();
            }
            read.or(pick);
            round *= 2;
        }
    }

    /** Whether span {@code s} may hold a key (by where the scan met it) and a start earlier than found so far. */
    private boolean mayStartEarlier(BlockSource.Span s) {
        for (int k = 0; k < first.length; k++) {
            if (mayHold(s, k) && s.minFirst() < first[k]) {
                return true;
            }
        }
        return false;
    }

    /** Whether span {@code s} may hold a key and an end later than found so far. */
    private boolean mayEndLater(BlockSource.Span s) {
        for (int k = 0; k < last.length; k++) {
            if (mayHold(s, k) && s.maxLast() > last[k]) {
                return true;
            }
        }
        return false;
    }

    /** Whether span {@code s} lies within the bounds of the spans the scan met key {@code k} in. */
    private boolean mayHold(BlockSource.Span s, int k) {
        return s.minFirst() >= seenFrom[k] && s.maxLast() <= seenTo[k];
    }

    private static Integer[] order(int n, Comparator<Integer> c) {
        Integer[] a = new Integer[n];
        for (int i = 0; i < n; i++) {
            a[i] = i;
        }
        Arrays.sort(a, c);
        return a;
    }

    private Worker newWorker() {
        Worker w = new Worker();
        workers.add(w);
        return w;
    }

    /** One thread's share: the earliest start and latest end of each listed key in the rows it was given. */
    private final class Worker implements Function<FlowBatch, Object> {
        final long[] first = new long[FirstLastSearch.this.first.length];
        final long[] last = new long[first.length];
        final FlowPredicate predicate = query.filter().predicate();
        final long[] k = new long[GroupKey.MAX_WORDS];
        int[] rows = new int[0];
        /** Per side, the key's slots (an address takes two). */
        final int[][] slots = new int[query.key().sides()][];
        /**
         * Per side, for a batch with dictionary codes for every slot of the key: the listed key each combination
         * of codes stands for (-1 none, -2 not looked up yet), so a key is extracted and looked up once per
         * distinct value of the batch rather than once per row. Null for a batch without codes.
         */
        final int[][] memo = new int[slots.length][];
        final int[][] memoBuffers = new int[slots.length][0];

        Worker() {
            Arrays.fill(first, Long.MAX_VALUE);
            Arrays.fill(last, Long.MIN_VALUE);
            for (int side = 0; side < slots.length; side++) {
                slots[side] = query.key().fields(side).stream()
                        .flatMapToInt(f -> java.util.stream.IntStream.range(f.slot(), f.slot() + f.width()))
                        .toArray();
            }
        }

        /** Prepares {@link #memo} for {@code b}: the batch's code combinations per side, if it has codes. */
        private void prepareMemo(FlowBatch b) {
            for (int side = 0; side < slots.length; side++) {
                memo[side] = null;
                int[] s = slots[side];
                long combinations = 1;
                for (int slot : s) {
                    combinations *= b.codeRange(slot);
                }
                if (s.length > 2 || combinations == 0 || combinations > 1 << 20) {
                    continue;
                }
                if (memoBuffers[side].length < combinations) {
                    memoBuffers[side] = new int[(int) combinations];
                }
                memo[side] = memoBuffers[side];
                Arrays.fill(memo[side], 0, (int) combinations, -2);
            }
        }

        /** The listed key row {@code r} of {@code b} has on {@code side}, or -1. */
        private int keyOf(FlowBatch b, int r, int side) {
            int[] m = memo[side];
            if (m == null) {
                query.key().extract(b, r, side, false, k);
                return keys.find(k);
            }
            int[] s = slots[side];
            int code = b.codes(s[0])[r];
            if (s.length == 2) {
                code = code * b.codeRange(s[1]) + b.codes(s[1])[r];
            }
            int at = m[code];
            if (at == -2) {
                query.key().extract(b, r, side, false, k);
                at = keys.find(k);
                m[code] = at;
            }
            return at;
        }

        @Override
        public Object apply(FlowBatch b) {
            if (rows.length < b.size()) {
                rows = new int[Math.max(b.size(), 1024)];
            }
            int selected = predicate.select(b, rows);
            long[] starts = b.slot(Field.FIRST.slot());
            long[] ends = b.slot(Field.LAST.slot());
            GroupKey key = query.key();
            prepareMemo(b);
            long before = startsBefore;
            long after = endsAfter;
            for (int i = 0; i < selected; i++) {
                int r = rows[i];
                if (starts[r] >= query.toMs() || ends[r] < query.fromMs()
                        || (starts[r] >= before && ends[r] <= after)) {
                    continue;
                }
                for (int side = 0; side < key.sides(); side++) {
                    int at = keyOf(b, r, side);
                    if (at >= 0) {
                        first[at] = Math.min(first[at], starts[r]);
                        last[at] = Math.max(last[at], ends[r]);
                    }
                }
            }
            return null;
        }
    }

    /** The listed keys, found by their words: open addressing over {@link KeyHash}, at most half full. */
    private static final class KeySet {
        private final int words;
        private final long[][] keyWords;
        private final int[] slots;
        private final int mask;

        KeySet(int words, List<StatRow> rows) {
            this.words = words;
            this.keyWords = new long[rows.size()][];
            int size = Integer.highestOneBit(Math.max(4, rows.size() * 2)) * 2;
            this.slots = new int[size];
            this.mask = size - 1;
            for (int i = 0; i < rows.size(); i++) {
                keyWords[i] = rows.get(i).key();
                int s = (int) KeyHash.hash(keyWords[i], words) & mask;
                while (slots[s] != 0) {
                    s = (s + 1) & mask;
                }
                slots[s] = i + 1;
            }
        }

        /** The index of the key with words {@code k[0..words)}, or -1. */
        int find(long[] k) {
            int s = (int) KeyHash.hash(k, words) & mask;
            while (slots[s] != 0) {
                long[] held = keyWords[slots[s] - 1];
                if (Arrays.equals(held, 0, words, k, 0, words)) {
                    return slots[s] - 1;
                }
                s = (s + 1) & mask;
            }
            return -1;
        }
    }
}
