package dev.platte.admin.declarative;

import dev.platte.admin.declarative.ConfigDocument.SecretRef;
import dev.platte.common.InvalidInputException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Pattern;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Secrets a configuration document names by reference: an environment variable, a property or a file,
 * read from the server's environment when the document is applied, never written into a document. Only
 * names meant for this are accepted, so a document cannot turn another secret of the server (its
 * database password, the admin password) into, say, a webhook's signing key.
 */
@Component
class SecretReferences {

    static final String ENV_PREFIX = "PLATTE_WEBHOOK_SECRET_";
    static final String PROPERTY_PREFIX = "platte.config.secrets.";
    private static final Pattern ENV_NAME = Pattern.compile(Pattern.quote(ENV_PREFIX) + "[A-Z0-9_]{1,100}");
    private static final Pattern PROPERTY_NAME = Pattern.compile(Pattern.quote(PROPERTY_PREFIX) + "[a-z0-9_.-]{1,100}");
    private static final Pattern FILE_NAME = Pattern.compile("[A-Za-z0-9_.-][A-Za-z0-9_./-]{0,199}");
    /** Far more than any secret Platte takes (a webhook's is at most 200 characters). */
    private static final int MAX_SECRET_BYTES = 4096;

    private final Environment environment;
    private final ConfigFileProperties properties;

    SecretReferences(Environment environment, ConfigFileProperties properties) {
        this.environment = environment;
        this.properties = properties;
    }

    /** The reference as stored ({@code env:NAME}, {@code property:name}, {@code file:path}); checks its shape. */
    static String format(SecretRef ref, String field) {
        var set = (ref.env() == null ? 0 : 1) + (ref.property() == null ? 0 : 1) + (ref.file() == null ? 0 : 1);
        if (set != 1) {
            throw new InvalidInputException(field, "name exactly one of env, property or file");
        }
        if (ref.env() != null) {
            if (!ENV_NAME.matcher(ref.env()).matches()) {
                throw new InvalidInputException(field + ".env", "must be an environment variable named "
                        + ENV_PREFIX + "<LETTERS, DIGITS, _>");
            }
            return "env:" + ref.env();
        }
        if (ref.property() != null) {
            if (!PROPERTY_NAME.matcher(ref.property()).matches()) {
                throw new InvalidInputException(field + ".property", "must be a property named " + PROPERTY_PREFIX
                        + "<lower-case letters, digits, '.', '-', '_'>");
            }
            return "property:" + ref.property();
        }
        if (!FILE_NAME.matcher(ref.file()).matches() || ref.file().contains("..")) {
            throw new InvalidInputException(field + ".file",
                    "must be a relative path in platte.config.secrets-dir, without '..'");
        }
        return "file:" + ref.file();
    }

    /** A stored reference back as a document's. */
    static SecretRef parse(String stored) {
        var colon = stored.indexOf(':');
        var kind = stored.substring(0, colon);
        var name = stored.substring(colon + 1);
        return switch (kind) {
            case "env" -> new SecretRef(name, null, null);
            case "property" -> new SecretRef(null, name, null);
            case "file" -> new SecretRef(null, null, name);
            default -> throw new IllegalStateException("unknown secret reference " + stored);
        };
    }

    /** What an export names when no document gave a reference: one the user must provide before applying. */
    static SecretRef placeholder(String webhookName) {
        return new SecretRef(ENV_PREFIX + webhookName.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_"), null,
                null);
    }

    /** The secret, or {@code null} when the server has none there (unset variable or property, no file). */
    String resolve(SecretRef ref, String field) {
        var stored = format(ref, field);
        String value;
        if (ref.env() != null) {
            value = System.getenv(ref.env());
        } else if (ref.property() != null) {
            value = environment.getProperty(ref.property());
        } else {
            value = read(ref.file(), field + ".file");
        }
        if (value != null) {
            value = value.strip();
        }
        return value == null || value.isEmpty() ? null : value;
    }

    private String read(String file, String field) {
        var dir = properties.secretsDir();
        if (dir == null) {
            throw new InvalidInputException(field, "file references need platte.config.secrets-dir on the server");
        }
        try {
            var root = dir.toRealPath();
            var path = root.resolve(file).toRealPath();
            // Kubernetes mounts a Secret's keys as links into a hidden directory of the mount: still inside it.
            if (!path.startsWith(root)) {
                throw new InvalidInputException(field, "is outside platte.config.secrets-dir");
            }
            try (InputStream in = Files.newInputStream(path)) {
                var bytes = in.readNBytes(MAX_SECRET_BYTES + 1);
                if (bytes.length > MAX_SECRET_BYTES) {
                    throw new InvalidInputException(field, "is larger than " + MAX_SECRET_BYTES + " bytes");
                }
                return new String(bytes, StandardCharsets.UTF_8);
            }
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw new InvalidInputException(field, "cannot be read: " + e.getMessage());
        }
    }
}
