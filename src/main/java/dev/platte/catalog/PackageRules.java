package dev.platte.catalog;

import dev.platte.common.InvalidInputException;
import dev.platte.common.SemanticVersion;
import dev.platte.common.Versions;
import java.net.URI;
import java.util.Base64;
import java.util.HashSet;
import java.util.regex.Pattern;

/** The checks a package must pass before update_engine is ever pointed at it. */
final class PackageRules {

    private static final Pattern HEX_SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern FILE_NAME = Pattern.compile("[^/\\\\\\s]+");

    private PackageRules() {}

    static void check(PackageContent content) {
        if (!Versions.isValid(content.version())) {
            throw new InvalidInputException("version", SemanticVersion.MESSAGE);
        }
        if (content.arch() == null) {
            throw new InvalidInputException("arch", Arch.mustBeOneOf(Arch.allowed(false)));
        }
        if (content.type() == null) {
            throw new InvalidInputException("type", "must be one of flatcar, other");
        }
        checkCodebase(content.codebaseUrl());
        checkFileName("fileName", content.fileName());
        if (content.size() <= 0) {
            throw new InvalidInputException("size", "must be greater than 0");
        }
        checkBase64Digest("sha1", content.sha1(), 20, "SHA-1");
        checkBase64Digest("sha256", content.sha256(), 32, "SHA-256");
        var names = new HashSet<String>();
        names.add(content.fileName());
        for (int i = 0; i < content.extraFiles().size(); i++) {
            var file = content.extraFiles().get(i);
            var prefix = "extraFiles[" + i + "].";
            checkFileName(prefix + "name", file.name());
            if (!names.add(file.name())) {
                throw new InvalidInputException(prefix + "name", "appears more than once in the package");
            }
            if (file.size() <= 0) {
                throw new InvalidInputException(prefix + "size", "must be greater than 0");
            }
            checkBase64Digest(prefix + "sha1", file.sha1(), 20, "SHA-1");
            if (file.sha256Hex() == null || !HEX_SHA256.matcher(file.sha256Hex()).matches()) {
                throw new InvalidInputException(prefix + "sha256Hex", "must be a SHA-256 as 64 lower-case hex digits");
            }
        }
    }

    private static void checkCodebase(String url) {
        if (url == null || !url.endsWith("/")) {
            throw new InvalidInputException("codebaseUrl", "must be an http(s) URL ending in '/'");
        }
        try {
            var uri = URI.create(url);
            var scheme = uri.getScheme();
            if (uri.getHost() == null || !("http".equals(scheme) || "https".equals(scheme))) {
                throw new InvalidInputException("codebaseUrl", "must be an http(s) URL ending in '/'");
            }
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("codebaseUrl", "must be an http(s) URL ending in '/'");
        }
    }

    private static void checkFileName(String field, String name) {
        if (name == null || name.length() > 255 || !FILE_NAME.matcher(name).matches()) {
            throw new InvalidInputException(field, "must be a file name without slashes or blanks");
        }
    }

    private static void checkBase64Digest(String field, String value, int bytes, String algorithm) {
        var message = "must be the base64 of a " + bytes + "-byte " + algorithm + " digest";
        if (value == null) {
            throw new InvalidInputException(field, message);
        }
        try {
            if (Base64.getDecoder().decode(value).length != bytes) {
                throw new InvalidInputException(field, message);
            }
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(field, message);
        }
    }
}
