package org.flowsec.detect;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The JSON form of an alert, one object per line, with exactly these keys in this order:
 * {@code id, detector, severity, first, last, detected_at, summary, src_addr, dst_addr, proto, ports, counts,
 * thresholds, evidence}. Times are ISO-8601 UTC with milliseconds ({@code 2026-11-26T10:00:00.000Z}), the
 * severity is lower-case, absent addresses and protocol are {@code null}. The suppression key is internal and
 * not written; an alert read back carries its id as key.
 */
public final class AlertJson {
    private static final JsonFactory FACTORY = new JsonFactory();
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

    private AlertJson() {}

    /** One line of JSON, without the newline. */
    public static String toJson(Alert a) {
        StringWriter w = new StringWriter(512);
        try (JsonGenerator g = FACTORY.createGenerator(w)) {
            write(a, g);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        return w.toString();
    }

    /** Writes the alert object to a generator (for embedding, e.g. in a webhook body). */
    public static void write(Alert a, JsonGenerator g) throws IOException {
        g.writeStartObject();
        g.writeStringField("id", a.id());
        g.writeStringField("detector", a.detector());
        g.writeStringField("severity", a.severity().text());
        g.writeStringField("first", time(a.first()));
        g.writeStringField("last", time(a.last()));
        g.writeStringField("detected_at", time(a.detectedAt()));
        g.writeStringField("summary", a.summary());
        g.writeStringField("src_addr", a.srcAddr());
        g.writeStringField("dst_addr", a.dstAddr());
        if (a.proto() == null) {
            g.writeNullField("proto");
        } else {
            g.writeNumberField("proto", a.proto());
        }
        g.writeArrayFieldStart("ports");
        for (int p : a.ports()) {
            g.writeNumber(p);
        }
        g.writeEndArray();
        g.writeObjectFieldStart("counts");
        for (Map.Entry<String, Long> e : a.counts().entrySet()) {
            g.writeNumberField(e.getKey(), e.getValue());
        }
        g.writeEndObject();
        g.writeObjectFieldStart("thresholds");
        for (Map.Entry<String, Double> e : a.thresholds().entrySet()) {
            double v = e.getValue();
            if (v == Math.rint(v) && Math.abs(v) < 1e15) {
                g.writeNumberField(e.getKey(), (long) v); // 25, not 25.0
            } else {
                g.writeNumberField(e.getKey(), v);
            }
        }
        g.writeEndObject();
        g.writeStringField("evidence", a.evidence());
        g.writeEndObject();
    }

    /** {@code 2026-11-26T10:00:00.000Z}. */
    public static String time(long millis) {
        return TIME.format(Instant.ofEpochMilli(millis));
    }

    /** Reads one line back; IllegalArgumentException (with the reason) when it is not an alert. */
    public static Alert parse(String line) {
        JsonNode n;
        try {
            n = MAPPER.readTree(line);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new IllegalArgumentException("not JSON: " + e.getMessage());
        }
        if (n == null || !n.isObject()) {
            throw new IllegalArgumentException("not a JSON object");
        }
        String id = text(n, "id", true);
        Severity severity;
        try {
            severity = Severity.valueOf(text(n, "severity", true).toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown severity " + n.get("severity"));
        }
        List<Integer> ports = new ArrayList<>();
        for (JsonNode p : array(n, "ports")) {
            ports.add(p.asInt());
        }
        Map<String, Long> counts = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = object(n, "counts").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            counts.put(e.getKey(), e.getValue().asLong());
        }
        Map<String, Double> thresholds = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = object(n, "thresholds").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            thresholds.put(e.getKey(), e.getValue().asDouble());
        }
        JsonNode proto = n.get("proto");
        return new Alert(id, text(n, "detector", true), severity, parseTime(n, "first"), parseTime(n, "last"),
                parseTime(n, "detected_at"), text(n, "summary", true), text(n, "src_addr", false),
                text(n, "dst_addr", false), proto == null || proto.isNull() ? null : proto.asInt(), ports, counts,
                thresholds, text(n, "evidence", true), id);
    }

    private static String text(JsonNode n, String key, boolean required) {
        JsonNode v = n.get(key);
        if (v == null || v.isNull()) {
            if (required) {
                throw new IllegalArgumentException("missing " + key);
            }
            return null;
        }
        return v.asText();
    }

    private static long parseTime(JsonNode n, String key) {
        try {
            return Instant.parse(text(n, key, true)).toEpochMilli();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("bad time in " + key + ": " + n.get(key));
        }
    }

    private static JsonNode array(JsonNode n, String key) {
        JsonNode v = n.get(key);
        return v != null && v.isArray() ? v : MAPPER.createArrayNode();
    }

    private static JsonNode object(JsonNode n, String key) {
        JsonNode v = n.get(key);
        return v != null && v.isObject() ? v : MAPPER.createObjectNode();
    }
}
