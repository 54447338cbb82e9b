package org.flowsec.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Lists the segment and journal files of a store directory tree and syncs directories after renames. */
final class StoreDirectory {
    private StoreDirectory() {}

    /** All segment and journal files, oldest window first; a file deleted while listing is simply absent. */
    static List<SegmentFile> list(Path root) throws IOException {
        List<SegmentFile> out = new ArrayList<>();
        walk(root, 0, out);
        Collections.sort(out);
        return out;
    }

    private static void walk(Path dir, int depth, List<SegmentFile> out) throws IOException {
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                if (depth < 3 && Files.isDirectory(p)) {
                    walk(p, depth + 1, out);
                } else if (depth == 3) {
                    SegmentFile f = SegmentFile.parse(p);
                    if (f != null) {
                        out.add(f);
                    }
                }
            }
        } catch (NoSuchFileException e) {
            // a day directory removed by retention while we listed it
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** Leftover {@code .fsg.tmp} files of interrupted seals. */
    static List<Path> tmpFiles(Path root) throws IOException {
        List<Path> out = new ArrayList<>();
        try (var s = Files.find(root, 4, (p, a) -> a.isRegularFile() && p.toString().endsWith(SegmentFile.TMP_SUFFIX))) {
            s.forEach(out::add);
        }
        return out;
    }

    /** Makes a rename or delete in {@code dir} durable (POSIX: fsync the directory). */
    static void syncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            // some platforms cannot open a directory; the rename itself is still atomic there
        }
    }

    /** Removes empty day, month and year directories above {@code file}, stopping at {@code root}. */
    static void pruneEmptyParents(Path root, Path file) {
        Path dir = file.getParent();
        while (dir != null && !dir.equals(root) && dir.startsWith(root)) {
            try {
                Files.delete(dir);
            } catch (IOException e) {
                return; // not empty (DirectoryNotEmptyException) or already gone
            }
            dir = dir.getParent();
        }
    }
}
