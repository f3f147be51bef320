package dev.platte.omaha;

import dev.platte.omaha.protocol.MalformedOmahaRequestException;
import dev.platte.omaha.protocol.OmahaCodec;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/** The endpoint Flatcar's update_engine posts to ({@code SERVER=http://host:8080/v1/update/}). */
@RestController
class OmahaController {

    private static final Logger log = LoggerFactory.getLogger(OmahaController.class);
    private static final MediaType TEXT_XML_UTF8 = MediaType.parseMediaType("text/xml; charset=UTF-8");

    private final OmahaCodec codec = new OmahaCodec();
    private final OmahaService omaha;
    private final ClientAddressResolver addresses;
    private final OmahaProperties properties;

    OmahaController(OmahaService omaha, OmahaProperties properties) {
        this.omaha = omaha;
        this.properties = properties;
        this.addresses = new ClientAddressResolver(properties.trustedProxies());
    }

    @PostMapping({"/v1/update", "/v1/update/", "/v1/update/{secret}", "/v1/update/{secret}/"})
    ResponseEntity<byte[]> update(HttpServletRequest request, @PathVariable(required = false) String secret)
            throws IOException {
        if (!secretMatches(secret)) {
            return plain(HttpStatus.NOT_FOUND, "not found");
        }
        // Read at most one byte past the limit: a huge body is refused without being buffered.
        if (request.getContentLengthLong() > OmahaCodec.MAX_REQUEST_BYTES) {
            return plain(HttpStatus.CONTENT_TOO_LARGE, "request body larger than 64 KiB");
        }
        var body = request.getInputStream().readNBytes(OmahaCodec.MAX_REQUEST_BYTES + 1);
        if (body.length > OmahaCodec.MAX_REQUEST_BYTES) {
            return plain(HttpStatus.CONTENT_TOO_LARGE, "request body larger than 64 KiB");
        }
        try {
            var parsed = codec.decode(body);
            var clientIp = addresses.resolve(request.getRemoteAddr(), request.getHeader("X-Forwarded-For"));
            var response = omaha.answer(parsed, clientIp);
            return ResponseEntity.ok().contentType(TEXT_XML_UTF8).body(codec.encode(response));
        } catch (MalformedOmahaRequestException e) {
            log.debug("Malformed Omaha request from {}: {}", request.getRemoteAddr(), e.getMessage());
            return plain(HttpStatus.BAD_REQUEST, e.getMessage());
        }
    }

    /** Compared in constant time, so response timing does not leak the secret. */
    private boolean secretMatches(String secret) {
        if (!properties.requiresSecret()) {
            return secret == null;
        }
        return secret != null && MessageDigest.isEqual(secret.getBytes(StandardCharsets.UTF_8),
                properties.pathSecret().getBytes(StandardCharsets.UTF_8));
    }

    private static ResponseEntity<byte[]> plain(HttpStatus status, String reason) {
        return ResponseEntity.status(status)
                .contentType(MediaType.TEXT_PLAIN)
                .body((reason + "\n").getBytes(StandardCharsets.UTF_8));
    }
}
