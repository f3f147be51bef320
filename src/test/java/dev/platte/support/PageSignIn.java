package dev.platte.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Optional;
import org.jsoup.Jsoup;
import org.jspecify.annotations.Nullable;

/**
 * Signs in through the sign-in form as a browser does, for page tests: fetch the form, keep the cookies it
 * set (its CSRF token waits in one until there is a session), post the form with its token. The one copy
 * of that sequence the tests over real HTTP share (the session store, cookies, the sign-in throttle); page
 * tests that only need a signed-in person use {@link PageSession}.
 */
public final class PageSignIn {

    /** The cookie of a signed-in page session (Spring Session's). */
    public static final String SESSION_COOKIE = "SESSION";

    private PageSignIn() {}

    /** What a form sign-in answered. */
    public record Attempt(HttpResponse<String> response) {

        public int statusCode() {
            return response.statusCode();
        }

        public String location() {
            return response.headers().firstValue("Location").orElseThrow();
        }

        /** {@code SESSION=…} as a Cookie header carries it, or null when the answer started no session. */
        public @Nullable String sessionCookie() {
            return cookie(response, SESSION_COOKIE);
        }

        /** The whole Set-Cookie header of the session, attributes included. */
        public String sessionSetCookie() {
            return setCookie(response, SESSION_COOKIE).orElseThrow();
        }
    }

    /** Signs in at {@code baseUrl} (e.g. {@code http://localhost:8080}), fails unless it worked; the session cookie. */
    public static String session(HttpClient http, String baseUrl, String username, String password) {
        return signedIn(attempt(http, baseUrl, username, password)).sessionCookie();
    }

    /** Signs in, fails unless it worked; the whole answer. */
    public static Attempt signedIn(Attempt login) {
        assertThat(login.statusCode()).isEqualTo(302);
        assertThat(login.location()).doesNotContain("error");
        assertThat(login.sessionCookie()).as("a session cookie").isNotNull();
        return login;
    }

    /** Posts the sign-in form once, whatever comes of it. */
    public static Attempt attempt(HttpClient http, String baseUrl, String username, String password) {
        return attempt(http, baseUrl, username, password, null);
    }

    /** Posts the sign-in form once, from a browser that already holds {@code cookie} (e.g. a session's). */
    public static Attempt attempt(HttpClient http, String baseUrl, String username, String password,
            @Nullable String cookie) {
        var page = send(http, withCookie(HttpRequest.newBuilder(URI.create(baseUrl + "/login"))
                .header("Accept", "text/html"), cookies(cookie, null)).GET().build());
        assertThat(page.statusCode()).as("the sign-in page").isEqualTo(200);
        var form = "username=" + encode(username) + "&password=" + encode(password) + "&_csrf=" + encode(csrf(page.body()));
        return new Attempt(send(http, withCookie(HttpRequest.newBuilder(URI.create(baseUrl + "/login"))
                        .header("Accept", "text/html")
                        .header("Content-Type", "application/x-www-form-urlencoded"),
                cookies(cookie, cookie(page, "XSRF-TOKEN")))
                .POST(HttpRequest.BodyPublishers.ofString(form)).build()));
    }

    /** The form's CSRF token in a page. */
    public static String csrf(String html) {
        var field = Jsoup.parse(html).selectFirst("input[name=_csrf]");
        assertThat(field).as("a CSRF token in the page").isNotNull();
        assertThat(field.attr("value")).as("the CSRF token").isNotEmpty();
        return field.attr("value");
    }

    /** {@code name=value} of the cookie an answer set (not one it cleared), or null. */
    public static @Nullable String cookie(HttpResponse<?> response, String name) {
        return setCookie(response, name)
                .map(header -> header.split(";", 2)[0])
                .filter(pair -> pair.length() > name.length() + 1)
                .orElse(null);
    }

    private static Optional<String> setCookie(HttpResponse<?> response, String name) {
        return response.headers().allValues("Set-Cookie").stream()
                .filter(header -> header.startsWith(name + "="))
                .reduce((first, last) -> last);
    }

    private static @Nullable String cookies(@Nullable String first, @Nullable String second) {
        var all = new ArrayList<String>(2);
        for (var cookie : new String[] {first, second}) {
            if (cookie != null) {
                all.add(cookie);
            }
        }
        return all.isEmpty() ? null : String.join("; ", all);
    }

    private static HttpRequest.Builder withCookie(HttpRequest.Builder request, @Nullable String cookie) {
        return cookie == null ? request : request.header("Cookie", cookie);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static HttpResponse<String> send(HttpClient http, HttpRequest request) {
        try {
            return http.send(request, BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
