package org.flowsec.detect.newservice;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * The saved service profile: one JSON document, written to a temporary name, forced to disk and renamed
 * over the old file, so a crash leaves the old or the new profile, never half of one.
 * <pre>
 * {"format": "flowsec-service-profile", "version": 1,
 *  "learning_start": 1764000000000, "learning_end": 1764086400000, "learned": true,
 *  "hosts": [{"host": "10.0.0.5", "first": ..., "last": ...,
 *             "offers": [{"proto": 6, "port": 22, "flows": 12, "bytes": 34567, "first": ..., "last": ...}],
 *             "uses": [...]}]}
 * </pre>
 * Times are UTC ms. A file of another format or version, or one that does not parse, is refused with an
 * {@link IllegalArgumentException} that names the file and says what to do.
 */
public final class ProfileFile {
    public static final String FORMAT = "flowsec-service-profile";
    public static final int VERSION = 1;

    private static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true)
            .configure(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, true)
            .configure(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES, true);

    /**
     * The file's content.
     *
     * @param learningStart event time learning began (first flow), UTC ms
     * @param learningEnd   event time learning ends or ended, UTC ms
     * @param learned       true once the watermark passed {@code learningEnd} (alerts are on)
     */
    public record Content(String format, int version, long learningStart, long learningEnd, boolean learned,
                          List<HostProfile> hosts) {
        public Content {
            hosts = hosts == null ? List.of() : List.copyOf(hosts);
        }

        public static Content of(long learningStart, long learningEnd, boolean learned, List<HostProfile> hosts) {
            return new Content(FORMAT, VERSION, learningStart, learningEnd, learned, hosts);
        }
    }

    private ProfileFile() {}

    public static void write(Path file, Content content) {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            Path dir = file.toAbsolutePath().getParent();
            if (dir != null) {
                Files.createDirectories(dir);
            }
            Files.write(tmp, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(content));
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the service profile " + file + ": " + e.getMessage(), e);
        }
    }

    public static Content read(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the service profile " + file + ": " + e.getMessage(), e);
        }
        Content c;
        try {
            c = JSON.readValue(bytes, Content.class);
        } catch (JsonProcessingException e) {
            throw corrupt(file, e.getOriginalMessage());
        } catch (IOException e) {
            throw corrupt(file, e.getMessage());
        }
        if (c == null || !FORMAT.equals(c.format())) {
            throw corrupt(file, "it is not a flowsec service profile (format " + (c == null ? null : c.format()) + ")");
        }
        if (c.version() != VERSION) {
            throw new IllegalArgumentException("service profile " + file + " has version " + c.version()
                    + ", this flowsec reads version " + VERSION + ": move it away to learn the profile again");
        }
        for (HostProfile h : c.hosts()) {
            if (h == null || h.host() == null) {
                throw corrupt(file, "a host entry has no address");
            }
        }
        return c;
    }

    static IllegalArgumentException corrupt(Path file, String why) {
        return new IllegalArgumentException("service profile " + file + " is corrupt (" + why
                + "): fix it or move it away to learn the profile again");
    }
}
