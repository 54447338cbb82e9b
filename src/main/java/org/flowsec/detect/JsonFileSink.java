package org.flowsec.detect;

import java.io.IOException;
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
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.flowsec.base.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Alerts as JSON lines in a file for log shippers ({@code alerts: {file: ...}}), rotated when it would pass
 * {@code maxBytes} or when the (wall-clock, UTC) day changes: {@code alerts.jsonl} is renamed to
 * {@code alerts-2026-11-26-001.jsonl} (the day it was written, a sequence number) and a new one started. Only
 * the newest {@code keep} rotated files are kept, so the disk use is bounded by about {@code (keep + 1) *
 * maxBytes}. Write errors are counted and logged; the next alert tries again.
 */
public final class JsonFileSink implements AlertSink {
    private static final Logger LOG = LoggerFactory.getLogger(JsonFileSink.class);

    private final Path file;
    private final long maxBytes;
    private final int keep;
    private final Clock clock;
    private final String stem;
    private final String ext;
    private FileChannel channel;
    private LocalDate day;
    private long size;
    private long failures;
    private long rotations;

    public JsonFileSink(Path file, long maxBytes, int keep, Clock clock) {
        if (maxBytes < 1 || keep < 0) {
            throw new IllegalArgumentException("alerts file_max_size must be positive and file_keep 0 or more");
        }
        this.file = file.toAbsolutePath();
        this.maxBytes = maxBytes;
        this.keep = keep;
        this.clock = clock;
        String name = this.file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        this.stem = dot > 0 ? name.substring(0, dot) : name;
        this.ext = dot > 0 ? name.substring(dot) : "";
    }

    @Override
    public synchronized void accept(Alert alert, boolean update) {
        byte[] line = (AlertJson.toJson(alert) + "\n").getBytes(StandardCharsets.UTF_8);
        try {
            LocalDate today = LocalDate.ofInstant(Instant.ofEpochMilli(clock.millis()), ZoneOffset.UTC);
            if (channel == null) {
                openFile(today);
            }
            if (!today.equals(day) || size > 0 && size + line.length > maxBytes) {
                rotate();
                openFile(today);
            }
            ByteBuffer b = ByteBuffer.wrap(line);
            while (b.hasRemaining()) {
                size += channel.write(b);
            }
        } catch (IOException e) {
            failures++;
            LOG.error("cannot write alert {} to {} ({} failures so far)", alert.id(), file, failures, e);
            closeChannel();
        }
    }

    private void openFile(LocalDate today) throws IOException {
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        boolean existed = Files.exists(file);
        channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        size = channel.size();
        // a file left by an earlier run belongs to the day it was last written
        day = existed && size > 0
                ? LocalDate.ofInstant(Files.getLastModifiedTime(file).toInstant(), ZoneOffset.UTC) : today;
    }

    private void rotate() throws IOException {
        closeChannel();
        if (size == 0 && Files.exists(file)) {
            return; // nothing to keep
        }
        int seq = 0; // one past the highest of the day, so names keep their order after old ones are deleted
        String dayPrefix = stem + "-" + day + "-";
        for (Path p : rotatedFiles()) {
            String n = p.getFileName().toString();
            if (n.startsWith(dayPrefix)) {
                seq = Math.max(seq, Integer.parseInt(n.substring(dayPrefix.length(), n.length() - ext.length())));
            }
        }
        Path target = file.resolveSibling(String.format("%s%03d%s", dayPrefix, seq + 1, ext));
        Files.move(file, target);
        rotations++;
        List<Path> rotated = rotatedFiles();
        for (int i = 0; i < rotated.size() - keep; i++) {
            Files.deleteIfExists(rotated.get(i));
        }
    }

    /** Rotated files, oldest first (names sort by day, then sequence). */
    List<Path> rotatedFiles() throws IOException {
        List<Path> out = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(file.getParent(), stem + "-*" + ext)) {
            for (Path p : s) {
                String middle = p.getFileName().toString();
                middle = middle.substring(stem.length() + 1, middle.length() - ext.length());
                if (middle.matches("\\d{4}-\\d\\d-\\d\\d-\\d{3,9}")) {
                    out.add(p);
                }
            }
        }
        Collections.sort(out);
        return out;
    }

    public synchronized long rotations() { return rotations; }

    @Override
    public synchronized long failures() { return failures; }

    @Override
    public synchronized void close() { closeChannel(); }

    private void closeChannel() {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                failures++;
            }
            channel = null;
        }
    }

    @Override
    public String toString() { return "file " + file; }
}
