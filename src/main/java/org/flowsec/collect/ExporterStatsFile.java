package org.flowsec.collect;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * The collector's statistics on disk, {@code DIR/exporters.json}: a {@link CollectorStats} as indented
 * JSON, rewritten every few seconds by writing a temporary file and renaming it over the old one, so a
 * reader ({@code flowsec exporters --store DIR}) never sees half a file.
 *
 * <p>Counters survive restarts: at start the collector reads the previous file and from then on
 * writes its own counters plus the previous ones ({@link CollectorStats#plus}). Sequence-tracking state
 * (open gaps) does not survive: the first datagram after a restart starts each exporter's sequence
 * afresh, so a restart is never counted as loss.
 */
public final class ExporterStatsFile {
    public static final String FILE_NAME = "exporters.json";

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES); // older readers, newer files

    private final Path path;

    public ExporterStatsFile(Path path) {
        this.path = path;
    }

    /** The statistics file of a store directory. */
    public static ExporterStatsFile in(Path storeDir) {
        return new ExporterStatsFile(storeDir.resolve(FILE_NAME));
    }

    public Path path() { return path; }

    /** Replaces the file atomically with {@code stats}. */
    public void write(CollectorStats stats) throws IOException {
        Path dir = path.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = dir.resolve(path.getFileName() + ".tmp");
        JSON.writeValue(tmp.toFile(), stats);
        try {
            Files.move(tmp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** The statistics last written, or empty when there is no file yet. */
    public Optional<CollectorStats> read() throws IOException {
        try {
            return Optional.of(JSON.readValue(Files.readAllBytes(path), CollectorStats.class));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new IOException("cannot read collector statistics " + path + ": " + e.getMessage()
                    + " (delete the file to start counting afresh)", e);
        }
    }
}
