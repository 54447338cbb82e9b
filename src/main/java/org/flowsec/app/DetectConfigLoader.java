package org.flowsec.app;

import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.flowsec.detect.DetectConfig;

/**
 * Reads {@code flowsec.yaml} into a {@link DetectConfig}: snake_case keys, unknown keys rejected (a typo must
 * not silently leave a default in place), an empty key ({@code scan:}) keeps the defaults, then
 * {@link DetectConfig#check()}. Every problem is one line naming the file, the line and the key.
 */
public final class DetectConfigLoader {
    /** Largest config file read; a config is a few kilobytes, anything near this is a mistake. */
    static final long MAX_BYTES = 4 << 20;

    private static final ObjectMapper MAPPER = new ObjectMapper(new YAMLFactory())
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .setDefaultSetterInfo(JsonSetter.Value.forValueNulls(Nulls.SKIP));

    private DetectConfigLoader() {}

    /** Thrown for a config that cannot be used; the message is one line for the user. */
    public static final class ConfigException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        ConfigException(String message) { super(message); }
    }

    public static DetectConfig load(Path file) {
        String name = file.toString();
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw new ConfigException(name + ": larger than " + MAX_BYTES + " bytes; is it the right file?");
            }
        } catch (NoSuchFileException e) {
            throw new ConfigException("no config file " + name);
        } catch (IOException e) {
            throw new ConfigException("cannot read config " + name + ": " + e.getMessage());
        }
        String text;
        try {
            text = Files.readString(file);
        } catch (java.nio.charset.MalformedInputException e) {
            throw new ConfigException(name + ": not UTF-8 text");
        } catch (IOException e) {
            throw new ConfigException("cannot read config " + name + ": " + e.getMessage());
        }
        return parse(text, name);
    }

    /** Reads a config from text (the same rules), for tests and the example. */
    public static DetectConfig parse(String yaml, String name) {
        if (yaml.isBlank()) {
            return checked(new DetectConfig(), name);
        }
        try {
            DetectConfig c = MAPPER.readValue(yaml, DetectConfig.class);
            return checked(c == null ? new DetectConfig() : c, name);
        } catch (IOException e) {
            throw new ConfigException(describe(name, e));
        }
    }

    private static DetectConfig checked(DetectConfig c, String name) {
        try {
            c.check();
        } catch (IllegalArgumentException e) {
            throw new ConfigException(name + ": " + e.getMessage());
        }
        return c;
    }

    private static String describe(String name, IOException e) {
        String where = name + line(e);
        if (e instanceof UnrecognizedPropertyException u) {
            String in = path(u.getPath().subList(0, u.getPath().size() - 1));
            List<String> known = u.getKnownPropertyIds() == null ? List.of()
                    : u.getKnownPropertyIds().stream().map(Object::toString).sorted().collect(Collectors.toList());
            return where + ": unknown key '" + u.getPropertyName() + "'" + (in.isEmpty() ? "" : " in " + in)
                    + (known.isEmpty() ? "" : " (known: " + String.join(", ", known) + ")");
        }
        if (e instanceof JsonMappingException m && m.getCause() instanceof JsonProcessingException p) {
            return where + ": not valid YAML: " + firstLine(p.getOriginalMessage());
        }
        if (e instanceof JsonMappingException m) {
            String key = path(m.getPath());
            return where + ": bad value" + (key.isEmpty() ? "" : " for " + key) + ": " + firstLine(m.getOriginalMessage());
        }
        if (e instanceof JsonProcessingException p) {
            return where + ": not valid YAML: " + firstLine(p.getOriginalMessage());
        }
        return "cannot read config " + name + ": " + e.getMessage();
    }

    private static String line(IOException e) {
        if (e instanceof JsonProcessingException p) {
            JsonLocation loc = p.getLocation();
            if (loc != null && loc.getLineNr() > 0) {
                return " line " + loc.getLineNr();
            }
        }
        return "";
    }

    private static String path(List<JsonMappingException.Reference> refs) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference r : refs) {
            if (r.getFieldName() != null) {
                if (sb.length() > 0) {
                    sb.append('.');
                }
                sb.append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                sb.append('[').append(r.getIndex()).append(']');
            }
        }
        return sb.toString();
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return (nl < 0 ? s : s.substring(0, nl)).strip();
    }
}
