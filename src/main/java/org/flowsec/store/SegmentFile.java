package org.flowsec.store;

import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A file of the store and where it lives: {@code STORE/YYYY/MM/DD/seg-<windowStartMillis>-<seq>.fsg} for a
 * sealed segment, {@code .fjl} for the journal of the segment being written, {@code .fsg.tmp} while sealing.
 * The date directories are the UTC date of the window start; seq counts segments of one window (a restart
 * inside a window starts a new one).
 */
public record SegmentFile(Path path, long windowStartMillis, int seq, boolean sealed) implements Comparable<SegmentFile> {
    public static final String SEALED_SUFFIX = ".fsg";
    public static final String JOURNAL_SUFFIX = ".fjl";
    public static final String TMP_SUFFIX = ".fsg.tmp";
    private static final Pattern NAME = Pattern.compile("seg-(-?\\d{1,19})-(\\d{1,9})(\\.fsg|\\.fjl)");

    /** The file for this window and seq under {@code root}. */
    public static SegmentFile of(Path root, long windowStartMillis, int seq, boolean sealed) {
        ZonedDateTime t = Instant.ofEpochMilli(windowStartMillis).atZone(ZoneOffset.UTC);
        Path dir = root.resolve(String.format("%04d", t.getYear()))
                .resolve(String.format("%02d", t.getMonthValue()))
                .resolve(String.format("%02d", t.getDayOfMonth()));
        String name = "seg-" + windowStartMillis + "-" + seq + (sealed ? SEALED_SUFFIX : JOURNAL_SUFFIX);
        return new SegmentFile(dir.resolve(name), windowStartMillis, seq, sealed);
    }

    /** The store file named by {@code path}, or null when the name is not a segment or journal. */
    public static SegmentFile parse(Path path) {
        Matcher m = NAME.matcher(path.getFileName().toString());
        if (!m.matches()) {
            return null;
        }
        try {
            return new SegmentFile(path, Long.parseLong(m.group(1)), Integer.parseInt(m.group(2)),
                    m.group(3).equals(SEALED_SUFFIX));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    public SegmentFile sealedTwin() {
        return sealed ? this : new SegmentFile(sibling(SEALED_SUFFIX), windowStartMillis, seq, true);
    }

    public SegmentFile journalTwin() {
        return sealed ? new SegmentFile(sibling(JOURNAL_SUFFIX), windowStartMillis, seq, false) : this;
    }

    public Path tmpPath() { return sibling(TMP_SUFFIX); }

    private Path sibling(String suffix) {
        String name = path.getFileName().toString();
        return path.resolveSibling(name.substring(0, name.lastIndexOf('.')) + suffix);
    }

    @Override
    public int compareTo(SegmentFile o) {
        int c = Long.compare(windowStartMillis, o.windowStartMillis);
        if (c == 0) {
            c = Integer.compare(seq, o.seq);
        }
        return c == 0 ? Boolean.compare(sealed, o.sealed) : c;
    }
}
