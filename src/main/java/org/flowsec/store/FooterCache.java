package org.flowsec.store;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.flowsec.store.format.SegmentFooter;

/**
 * The footers of sealed segments a reader has parsed, so that the several scans of one query (a statistic's
 * second look reads a few blocks of each segment again) do not read, checksum and parse them each time;
 * sealed files never change, and a file is known by its path and size. Least recently used footers go first
 * once their encoded sizes exceed the budget (a day's segment with Bloom filters takes about 1 MiB).
 */
final class FooterCache {
    private final long budgetBytes;
    private long bytes;
    private final LinkedHashMap<Path, Entry> entries = new LinkedHashMap<>(16, 0.75f, true);

    private record Entry(long fileSize, SegmentFooter footer, long footerBytes) {}

    FooterCache(long budgetBytes) {
        this.budgetBytes = budgetBytes;
    }

    /** The footer parsed from {@code path} when the file had {@code fileSize} bytes, or null. */
    synchronized SegmentFooter get(Path path, long fileSize) {
        Entry e = entries.get(path);
        return e != null && e.fileSize() == fileSize ? e.footer() : null;
    }

    synchronized void put(Path path, long fileSize, SegmentFooter footer, long footerBytes) {
        Entry old = entries.put(path, new Entry(fileSize, footer, footerBytes));
        bytes += footerBytes - (old == null ? 0 : old.footerBytes());
        var it = entries.entrySet().iterator();
        while (bytes > budgetBytes && it.hasNext()) {
            Map.Entry<Path, Entry> eldest = it.next();
            if (eldest.getKey().equals(path)) {
                continue;
            }
            bytes -= eldest.getValue().footerBytes();
            it.remove();
        }
    }
}
