package dev.platte.config;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseCookie;
import org.springframework.security.oauth2.client.web.AuthorizationRequestRepository;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Keeps an OIDC sign-in's authorization request (state, nonce, PKCE verifier) in a short-lived cookie
 * (HttpOnly, SameSite=Lax, Secure when the request is) instead of a session: starting a sign-in at
 * {@code /oauth2/authorization/…} then costs Platte no row, however often anyone starts one. The browser
 * that started the flow brings it back on the provider's redirect; any replica can read it.
 *
 * <p>Not signed, on purpose: it holds nothing a browser may not know about its own sign-in, and a forged
 * one gains nothing. The provider issues a code only for the challenge of the verifier in this cookie,
 * the ID token must carry this cookie's nonce, and the code is redeemed with the configured client's own
 * credentials at the configured provider. A cookie is read only with a matching {@code state} and only
 * up to a few KiB, as flat strings.
 */
final class CookieAuthorizationRequestRepository implements AuthorizationRequestRepository<OAuth2AuthorizationRequest> {

    static final String COOKIE_NAME = "PLATTE_OIDC_REQUEST";

    /** Time to sign in at the provider. */
    private static final Duration LIFETIME = Duration.ofMinutes(10);
    private static final int MAX_COOKIE_LENGTH = 4096;

    private final JsonMapper json;

    CookieAuthorizationRequestRepository(JsonMapper json) {
        this.json = json;
    }

    /** What the cookie carries: the authorization request's own fields, all strings. */
    record Stored(String authorizationUri, String clientId, String redirectUri, Set<String> scopes, String state,
            Map<String, String> additionalParameters, Map<String, String> attributes) {}

    @Override
    public @Nullable OAuth2AuthorizationRequest loadAuthorizationRequest(HttpServletRequest request) {
        var state = request.getParameter(OAuth2ParameterNames.STATE);
        var stored = read(request);
        if (state == null || stored == null || !state.equals(stored.state())) {
            return null;
        }
        return OAuth2AuthorizationRequest.authorizationCode()
                .authorizationUri(stored.authorizationUri())
                .clientId(stored.clientId())
                .redirectUri(stored.redirectUri())
                .scopes(stored.scopes())
                .state(stored.state())
                .additionalParameters(Map.copyOf(stored.additionalParameters()))
                .attributes(Map.copyOf(stored.attributes()))
                .build();
    }

    @Override
    public void saveAuthorizationRequest(@Nullable OAuth2AuthorizationRequest authorization, HttpServletRequest request,
            HttpServletResponse response) {
        if (authorization == null) {
            write(request, response, "", Duration.ZERO);
            return;
        }
        var stored = new Stored(authorization.getAuthorizationUri(), authorization.getClientId(),
                authorization.getRedirectUri(), authorization.getScopes(), authorization.getState(),
                strings(authorization.getAdditionalParameters()), strings(authorization.getAttributes()));
        var value = Base64.getUrlEncoder().withoutPadding().encodeToString(json.writeValueAsBytes(stored));
        write(request, response, value, LIFETIME);
    }

    @Override
    public @Nullable OAuth2AuthorizationRequest removeAuthorizationRequest(HttpServletRequest request,
            HttpServletResponse response) {
        var authorization = loadAuthorizationRequest(request);
        if (authorization != null) {
            write(request, response, "", Duration.ZERO);
        }
        return authorization;
    }

    private @Nullable Stored read(HttpServletRequest request) {
        var cookies = request.getCookies();
        if (cookies == null) {
            return null;
        }
        for (var cookie : cookies) {
            if (COOKIE_NAME.equals(cookie.getName()) && !cookie.getValue().isEmpty()
                    && cookie.getValue().length() <= MAX_COOKIE_LENGTH) {
                try {
                    var stored = json.readValue(Base64.getUrlDecoder().decode(cookie.getValue()), Stored.class);
                    return complete(stored) ? stored : null;
                } catch (IllegalArgumentException | JacksonException e) {
                    return null;
                }
            }
        }
        return null;
    }

    private static boolean complete(Stored stored) {
        return stored.authorizationUri() != null && stored.clientId() != null && stored.redirectUri() != null
                && stored.scopes() != null && stored.state() != null && stored.additionalParameters() != null
                && stored.attributes() != null;
    }

    private static Map<String, String> strings(Map<String, Object> values) {
        var strings = new LinkedHashMap<String, String>();
        values.forEach((name, value) -> strings.put(name, String.valueOf(value)));
        return strings;
    }

    private static void write(HttpServletRequest request, HttpServletResponse response, String value, Duration maxAge) {
        var path = request.getContextPath().isEmpty() ? "/" : request.getContextPath();
        response.addHeader(HttpHeaders.SET_COOKIE, ResponseCookie.from(COOKIE_NAME, value)
                .path(path)
                .maxAge(maxAge)
                .httpOnly(true)
                .secure(request.isSecure())
                .sameSite("Lax")
                .build()
                .toString());
    }
}
