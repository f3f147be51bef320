package dev.platte.fleetlock;

import dev.platte.database.DatabaseAvailability;
import dev.platte.omaha.OmahaProperties;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.filter.ServerHttpObservationFilter;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The FleetLock protocol as Zincati speaks it (coreos/zincati {@code docs/development/fleetlock/protocol.md}):
 * {@code POST {base}v1/pre-reboot} and {@code POST {base}v1/steady-state} with the header
 * {@code fleet-lock-protocol: true} and {@code {"client_params":{"id":…,"group":…}}}; 200 on success, else
 * a 4xx/5xx with {@code {"kind":…,"value":…}}. The base is {@code /fleetlock/}, or
 * {@code /fleetlock/<secret>/} when {@code platte.omaha.path-secret} is set. A servlet, like the Omaha
 * endpoint, so that every answer, errors included, has exactly this shape.
 */
final class FleetLockServlet extends HttpServlet {

    private static final Logger log = LoggerFactory.getLogger(FleetLockServlet.class);
    static final String HEADER = "fleet-lock-protocol";
    static final int MAX_BODY_BYTES = 4096;
    private static final String PRE_REBOOT = "v1/pre-reboot";
    private static final String STEADY_STATE = "v1/steady-state";

    private final transient RebootGroups rebootGroups;
    private final transient FleetLockMetrics metrics;
    private final transient OmahaProperties omaha;
    private final transient JsonMapper json;
    private final transient DatabaseAvailability database;

    FleetLockServlet(RebootGroups rebootGroups, FleetLockMetrics metrics, OmahaProperties omaha, JsonMapper json,
            DatabaseAvailability database) {
        this.rebootGroups = rebootGroups;
        this.metrics = metrics;
        this.omaha = omaha;
        this.json = json;
        this.database = database;
    }

    record ClientParams(String id, String group) {}

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        ServerHttpObservationFilter.findObservationContext(request)
                .ifPresent(context -> context.setPathPattern("/fleetlock/v1/{operation}"));
        var operation = operationOf(request.getPathInfo());
        if (operation == null) {
            error(response, new Refusal(FleetLockErrorKind.NOT_FOUND, "no FleetLock operation at this path"));
            return;
        }
        if (!"POST".equals(request.getMethod())) {
            response.setHeader("Allow", "POST");
            error(response, new Refusal(FleetLockErrorKind.METHOD_NOT_ALLOWED, "FleetLock operations are POST requests"));
            return;
        }
        if (!"true".equals(request.getHeader(HEADER))) {
            error(response, new Refusal(FleetLockErrorKind.MISSING_HEADER, "the header 'fleet-lock-protocol: true' is required"));
            return;
        }
        if (request.getContentLengthLong() > MAX_BODY_BYTES) {
            error(response, tooLarge());
            return;
        }
        var body = request.getInputStream().readNBytes(MAX_BODY_BYTES + 1);
        if (body.length > MAX_BODY_BYTES) {
            error(response, tooLarge());
            return;
        }
        var parsed = parse(body);
        if (parsed instanceof Refusal refusal) {
            error(response, refusal);
            return;
        }
        var params = (ClientParams) parsed;
        Optional<Refusal> refusal;
        try {
            if (operation.equals(PRE_REBOOT)) {
                refusal = rebootGroups.preReboot(params.id(), params.group());
            } else {
                rebootGroups.steadyState(params.id(), params.group());
                refusal = Optional.empty();
            }
        } catch (RuntimeException e) {
            if (database.reportFailure(e).isUnavailable()) {
                response.setHeader("Retry-After", Long.toString(database.retryAfterSeconds()));
                refusal = Optional.of(new Refusal(FleetLockErrorKind.UNAVAILABLE, DatabaseAvailability.EXPLANATION));
            } else {
                log.error("FleetLock {} of '{}' in '{}' failed", operation, params.id(), params.group(), e);
                refusal = Optional.of(new Refusal(FleetLockErrorKind.INTERNAL_ERROR, "Platte failed; try again later"));
            }
        }
        if (refusal.isPresent()) {
            error(response, refusal.get());
            return;
        }
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentLength(0);
    }

    /** {@code v1/pre-reboot} or {@code v1/steady-state} when the path (and its secret, if any) is right; else null. */
    private String operationOf(String pathInfo) {
        if (pathInfo == null || !pathInfo.startsWith("/")) {
            return null;
        }
        var rest = pathInfo.substring(1);
        if (omaha.requiresSecret()) {
            var slash = rest.indexOf('/');
            if (slash < 0 || !MessageDigest.isEqual(rest.substring(0, slash).getBytes(StandardCharsets.UTF_8),
                    omaha.pathSecret().getBytes(StandardCharsets.UTF_8))) {
                return null;
            }
            rest = rest.substring(slash + 1);
        }
        return rest.equals(PRE_REBOOT) || rest.equals(STEADY_STATE) ? rest : null;
    }

    /** The client's parameters, or the refusal that says what is wrong with the body. */
    private Object parse(byte[] body) {
        JsonNode root;
        try {
            root = json.readTree(body);
        } catch (JacksonException e) {
            return new Refusal(FleetLockErrorKind.INVALID_BODY, "the body is not JSON");
        }
        var params = root == null || !root.isObject() ? null : root.get("client_params");
        if (params == null || !params.isObject()) {
            return new Refusal(FleetLockErrorKind.INVALID_BODY, "the body must be a JSON object with a 'client_params' object");
        }
        var id = params.get("id");
        if (id == null || !id.isString() || id.asString().isEmpty() || id.asString().length() > RebootGroups.MAX_ID_LENGTH) {
            return new Refusal(FleetLockErrorKind.INVALID_CLIENT_PARAMS,
                    "client_params.id must be a non-empty string of at most " + RebootGroups.MAX_ID_LENGTH + " characters");
        }
        var group = params.get("group");
        if (group == null || !group.isString() || !RebootGroups.isValidName(group.asString())) {
            return new Refusal(FleetLockErrorKind.INVALID_CLIENT_PARAMS, "client_params.group must match "
                    + RebootGroups.GROUP_NAME.pattern() + " and be at most " + RebootGroups.MAX_GROUP_LENGTH + " characters");
        }
        return new ClientParams(id.asString(), group.asString());
    }

    private static Refusal tooLarge() {
        return new Refusal(FleetLockErrorKind.BODY_TOO_LARGE, "the body is larger than " + MAX_BODY_BYTES + " bytes");
    }

    private void error(HttpServletResponse response, Refusal refusal) throws IOException {
        metrics.refused(refusal.kind());
        var body = json.writeValueAsBytes(new ErrorBody(refusal.kind().wireName(), refusal.value()));
        response.setStatus(refusal.kind().status());
        response.setContentType("application/json");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    record ErrorBody(String kind, String value) {}
}
