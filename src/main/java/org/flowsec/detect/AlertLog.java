package org.flowsec.detect;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The alerts kept in a store directory, so {@code flowsec alerts} can list them: JSON lines ({@link AlertJson})
 * in {@code STORE/alerts/alerts-YYYY-MM-DD.jsonl}, one file per UTC day of the alert's first time (event time,
 * not detection time: an archive run over last week's flows files its alerts under last week, where a time
 * range finds them). Every version of an alert (the first and each update) is appended as one line and
 * handed to the operating system at once; reading keeps the latest version of each id.
 *
 * <p>Writers append whole lines with one write in append mode, so a live collector and a {@code flowsec
 * detect} run can share the log. A reader skips a last line still being written (no newline yet) and counts
 * lines that are not alerts as corrupt.
 */
public final class AlertLog implements AlertSink {
    private static final Logger LOG = LoggerFactory.getLogger(AlertLog.class);
    private static final String PREFIX = "alerts-";
    private static final String SUFFIX = ".jsonl";
    /** Longer lines are not alerts flowsec wrote; skipping them keeps a damaged file from filling the heap. */
    static final int MAX_LINE_CHARS = 1 << 20;

    /** What a read found. */
    public record Result(List<Alert> alerts, long corruptLines) {}

    private final Path dir;
    private LocalDate openDay;
    private FileChannel open;
    private long failures;

    private AlertLog(Path dir) { this.dir = dir; }

    /** The log of the store at {@code storeDir}; files are created on the first alert. */
    public static AlertLog in(Path storeDir) { return new AlertLog(storeDir.resolve("alerts")); }

    public Path directory() { return dir; }

    @Override
    public synchronized void accept(Alert alert, boolean update) {
        byte[] line = (AlertJson.toJson(alert) + "\n").getBytes(StandardCharsets.UTF_8);
        try {
            LocalDate day = day(alert.first());
            if (!day.equals(openDay)) {
                closeOpen();
                Files.createDirectories(dir);
                open = FileChannel.open(file(day), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                        StandardOpenOption.APPEND);
                openDay = day;
            }
            ByteBuffer b = ByteBuffer.wrap(line);
            while (b.hasRemaining()) {
                open.write(b);
            }
        } catch (IOException e) {
            failures++;
            LOG.error("cannot append alert {} to {} ({} failures so far)", alert.id(), dir, failures, e);
            closeOpen();
        }
    }

    @Override
    public synchronized long failures() { return failures; }

    @Override
    public synchronized void close() { closeOpen(); }

    private void closeOpen() {
        if (open != null) {
            try {
                open.close();
            } catch (IOException e) {
                failures++;
            }
            open = null;
            openDay = null;
        }
    }

    /**
     * The latest version of every alert whose event-time span [first, last] overlaps [fromMillis, toMillis) and
     * that {@code filter} accepts, ordered by first time then id.
     */
    public Result read(long fromMillis, long toMillis, Predicate<Alert> filter) throws IOException {
        Map<String, Alert> latest = new LinkedHashMap<>();
        long corrupt = 0;
        LocalDate lastDay = toMillis == Long.MAX_VALUE ? LocalDate.MAX : day(toMillis - 1);
        for (Path f : files()) {
            // an alert's first time is never after the day its file names, so later files cannot overlap
            if (dayOf(f).isAfter(lastDay)) {
                continue;
            }
            corrupt += readFile(f, latest);
        }
        List<Alert> out = new ArrayList<>();
        for (Alert a : latest.values()) {
            if (a.first() < toMillis && a.last() >= fromMillis && filter.test(a)) {
                out.add(a);
            }
        }
        out.sort(Comparator.comparingLong(Alert::first).thenComparing(Alert::id));
        return new Result(out, corrupt);
    }

    private long readFile(Path f, Map<String, Alert> latest) throws IOException {
        long corrupt = 0;
        boolean complete = endsWithNewline(f);
        // InputStreamReader replaces malformed bytes (Files.newBufferedReader would throw and lose the file)
        try (BufferedReader r = new BufferedReader(
                new java.io.InputStreamReader(Files.newInputStream(f), StandardCharsets.UTF_8))) {
            String line = r.readLine();
            while (line != null) {
                String next = r.readLine();
                if (next == null && !complete) {
                    break; // being written right now
                }
                if (!line.isBlank()) {
                    try {
                        if (line.length() > MAX_LINE_CHARS) {
                            throw new IllegalArgumentException("line too long");
                        }
                        Alert a = AlertJson.parse(line);
                        Alert prev = latest.get(a.id());
                        if (prev == null || a.detectedAt() >= prev.detectedAt()) {
                            latest.put(a.id(), a);
                        }
                    } catch (IllegalArgumentException e) {
                        corrupt++;
                    }
                }
                line = next;
            }
        }
        return corrupt;
    }

    private static boolean endsWithNewline(Path f) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "r")) {
            long n = raf.length();
            if (n == 0) {
                return true;
            }
            raf.seek(n - 1);
            return raf.read() == '\n';
        }
    }

    /** The day files, oldest first. */
    List<Path> files() throws IOException {
        List<Path> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, PREFIX + "*" + SUFFIX)) {
            for (Path p : s) {
                if (dayOf(p) != null) {
                    out.add(p);
                }
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        out.sort(Comparator.comparing(p -> p.getFileName().toString()));
        return out;
    }

    private Path file(LocalDate day) { return dir.resolve(PREFIX + day + SUFFIX); }

    private static LocalDate dayOf(Path p) {
        String n = p.getFileName().toString();
        try {
            return LocalDate.parse(n.substring(PREFIX.length(), n.length() - SUFFIX.length()));
        } catch (DateTimeParseException | IndexOutOfBoundsException e) {
            return null;
        }
    }

    private static LocalDate day(long millis) {
        return LocalDate.ofInstant(Instant.ofEpochMilli(millis), ZoneOffset.UTC);
    }
}
