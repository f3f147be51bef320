package dev.platte.admin.declarative;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.platte.common.InvalidInputException;
import dev.platte.common.JsonPaths;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.springframework.http.MediaType;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.cfg.DateTimeFeature;
import tools.jackson.databind.cfg.MapperBuilder;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;
import tools.jackson.dataformat.yaml.YAMLWriteFeature;

/**
 * Configuration documents as YAML (the default, for people and git) or JSON: strict on reading, so a
 * misspelt field is an error and not silently ignored; and the same bytes for the same state on writing.
 */
final class ConfigFormats {

    static final MediaType YAML = MediaType.parseMediaType("application/yaml");
    /**
     * The YAML parser's own limit (snakeyaml-engine reads at most 3 Mi code points); far more than a
     * catalog's configuration (a package takes about half a kilobyte). A client cannot make Platte hold more.
     */
    static final int MAX_DOCUMENT_BYTES = 3 * 1024 * 1024;

    private static final JsonMapper JSON = configured(JsonMapper.builder()).enable(SerializationFeature.INDENT_OUTPUT)
            .build();
    private static final YAMLMapper YAML_MAPPER = configured(YAMLMapper.builder())
            .enable(YAMLWriteFeature.MINIMIZE_QUOTES)
            .build();

    private ConfigFormats() {}

    /** Strict reading, ISO-8601 times and durations, and no empty values written. */
    private static <M extends ObjectMapper, B extends MapperBuilder<M, B>> B configured(B builder) {
        return builder.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(DateTimeFeature.WRITE_DATES_AS_TIMESTAMPS, DateTimeFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
                .changeDefaultPropertyInclusion(incl -> incl.withValueInclusion(JsonInclude.Include.NON_EMPTY));
    }

    static boolean isYaml(MediaType type) {
        return type != null && (type.isCompatibleWith(YAML) || type.getSubtype().endsWith("yaml")
                || type.getSubtype().endsWith("yml"));
    }

    static String write(ConfigDocument document, boolean yaml) {
        return (yaml ? YAML_MAPPER : JSON).writeValueAsString(document);
    }

    /** Reads a document; a malformed one is refused naming where it broke, as a field path when known. */
    static ConfigDocument read(byte[] body, boolean yaml) {
        if (body.length == 0) {
            throw new InvalidInputException("body", "send a configuration document (apiVersion: "
                    + ConfigDocument.API_VERSION + ", kind: " + ConfigDocument.KIND + ")");
        }
        ObjectMapper mapper = yaml ? YAML_MAPPER : JSON;
        try {
            var document = mapper.readValue(body, ConfigDocument.class);
            if (document == null) {
                throw new InvalidInputException("body", "is empty");
            }
            return document;
        } catch (JacksonException e) {
            var path = JsonPaths.of(e);
            var format = yaml ? "YAML" : "JSON";
            throw new InvalidInputException(path.isEmpty() ? "body" : path,
                    path.isEmpty() ? "is not a valid " + format + " configuration document: " + e.getOriginalMessage()
                            : "has the wrong type, format or name: " + e.getOriginalMessage());
        }
    }

    static ConfigDocument read(String text, boolean yaml) {
        return read(text.getBytes(StandardCharsets.UTF_8), yaml);
    }

    static ObjectNode tree(Object value) {
        return JSON.valueToTree(value);
    }

    /** A digest of a document, identifying the server state it was read from. */
    static String fingerprint(ConfigDocument document) {
        return sha256Hex(JSON.writeValueAsBytes(document)).substring(0, 32);
    }

    static String sha256Hex(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
