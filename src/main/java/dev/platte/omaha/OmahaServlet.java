package dev.platte.omaha;

import dev.platte.common.LogSafe;
import dev.platte.omaha.protocol.AppRequest;
import dev.platte.omaha.protocol.MalformedOmahaRequestException;
import dev.platte.omaha.protocol.OmahaCodec;
import dev.platte.omaha.protocol.OmahaRequest;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The endpoint Flatcar's update_engine posts to ({@code SERVER=http://host:8080/v1/update/}). A plain
 * servlet rather than a Spring MVC handler: it is the one path hit by every node every few minutes, and
 * handler lookup, argument resolution and message conversion cost more CPU than answering a quick check.
 * Of the servlet filters only the database-outage guard runs before it (see OmahaEndpointConfiguration).
 */
final class OmahaServlet extends HttpServlet {

    private static final Logger log = LoggerFactory.getLogger(OmahaServlet.class);
    private static final String TEXT_XML_UTF8 = "text/xml; charset=UTF-8";
    /** How Platte's own syncer proves it is one (a path secret would end up in access logs). */
    static final String SYNCER_SECRET_HEADER = "Platte-Syncer-Secret";

    private final transient OmahaCodec codec = new OmahaCodec();
    private final transient OmahaService omaha;
    private final transient OmahaProperties properties;
    /** The configured syncer secrets as bytes, once rather than per request. */
    private final transient List<byte[]> syncerSecrets;

    OmahaServlet(OmahaService omaha, OmahaProperties properties) {
        this.omaha = omaha;
        this.properties = properties;
        this.syncerSecrets = properties.effectiveSyncerSecrets().stream()
                .map(secret -> secret.getBytes(StandardCharsets.UTF_8)).toList();
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        var pathSecret = secretOf(request.getPathInfo());
        var syncerByPath = isSyncerSecret(pathSecret);
        if (!syncerByPath && !secretMatches(pathSecret)) {
            plain(response, HttpServletResponse.SC_NOT_FOUND, "not found");
            return;
        }
        var syncer = syncerByPath || isSyncerSecret(request.getHeader(SYNCER_SECRET_HEADER));
        // Read at most one byte past the limit: a huge body is refused without being buffered.
        if (request.getContentLengthLong() > OmahaCodec.MAX_REQUEST_BYTES) {
            plain(response, 413, "request body larger than 64 KiB");
            return;
        }
        var body = readBody(request);
        if (body.length > OmahaCodec.MAX_REQUEST_BYTES) {
            plain(response, 413, "request body larger than 64 KiB");
            return;
        }
        byte[] answer;
        try {
            var parsed = codec.decode(body);
            // As TrustedProxyConfiguration's valve set it: X-Forwarded-For from trusted proxies only.
            var clientIp = request.getRemoteAddr();
            answer = codec.encode(omaha.answer(syncer ? parsed : asNodes(parsed), clientIp));
        } catch (MalformedOmahaRequestException e) {
            log.debug("Malformed Omaha request from {}: {}", request.getRemoteAddr(), LogSafe.of(e.getMessage()));
            plain(response, HttpServletResponse.SC_BAD_REQUEST, e.getMessage());
            return;
        } catch (RegistrationRefusedException e) {
            // update_engine ignores Retry-After and comes back at its next poll; other clients may honour it.
            response.setHeader("Retry-After", Long.toString(e.retryAfterSeconds()));
            plain(response, 429, e.getMessage());
            return;
        }
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType(TEXT_XML_UTF8);
        response.setContentLength(answer.length);
        response.getOutputStream().write(answer);
    }

    /**
     * The body, or its first {@link OmahaCodec#MAX_REQUEST_BYTES} + 1 bytes. With a Content-Length (what
     * update_engine sends) it is read into an array of exactly that size, without the 8 KiB chunks and the
     * copy of reading up to the limit.
     */
    private static byte[] readBody(HttpServletRequest request) throws IOException {
        var declared = request.getContentLengthLong();
        if (declared < 0) {
            return request.getInputStream().readNBytes(OmahaCodec.MAX_REQUEST_BYTES + 1);
        }
        var body = new byte[(int) declared];
        var read = request.getInputStream().readNBytes(body, 0, body.length);
        return read == body.length ? body : Arrays.copyOf(body, read);
    }

    /**
     * What follows {@code /v1/update}: null for none or a lone slash, the secret for {@code /<secret>} or
     * {@code /<secret>/}, and "" (never a secret) for anything deeper.
     */
    private static String secretOf(String pathInfo) {
        if (pathInfo == null || pathInfo.equals("/")) {
            return null;
        }
        var rest = pathInfo.substring(1);
        if (rest.endsWith("/")) {
            rest = rest.substring(0, rest.length() - 1);
        }
        return rest.isEmpty() || rest.contains("/") ? "" : rest;
    }

    /**
     * A request that did not prove it is a syncer is answered as a node's: whatever it claims, it gets no
     * other manifests than a node would (no whole update path, no pinned release of its choice).
     */
    static OmahaRequest asNodes(OmahaRequest request) {
        if (request.apps().stream().noneMatch(app -> app.multiManifestOk() || app.targetVersionPrefix() != null)) {
            return request;
        }
        var apps = request.apps().stream().map(app -> new AppRequest(app.appId(), app.version(), app.track(),
                app.bootId(), app.machineId(), app.machineAlias(), app.oem(), app.oemVersion(), app.alephVersion(),
                app.board(), false, app.ping(), app.updateCheck(), app.events(), null)).toList();
        return new OmahaRequest(request.protocol(), request.version(), request.updaterVersion(), request.installSource(),
                request.os(), apps);
    }

    /** Whether {@code value} is one of the configured syncer secrets, compared in constant time. */
    private boolean isSyncerSecret(String value) {
        if (value == null || value.isEmpty()) {
            return false;
        }
        var given = value.getBytes(StandardCharsets.UTF_8);
        var matches = false;
        for (var secret : syncerSecrets) {
            matches |= MessageDigest.isEqual(given, secret);
        }
        return matches;
    }

    /** Compared in constant time, so response timing does not leak the secret. */
    private boolean secretMatches(String secret) {
        if (!properties.requiresSecret()) {
            return secret == null;
        }
        return secret != null && MessageDigest.isEqual(secret.getBytes(StandardCharsets.UTF_8),
                properties.pathSecret().getBytes(StandardCharsets.UTF_8));
    }

    private static void plain(HttpServletResponse response, int status, String reason) throws IOException {
        var body = (reason + "\n").getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.setContentType("text/plain; charset=UTF-8");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}
