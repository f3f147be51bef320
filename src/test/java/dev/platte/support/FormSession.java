package dev.platte.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Pattern;

/** The administrator signed in to the dashboard: reads pages and submits their forms with the CSRF token. */
public final class FormSession {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"");

    private final HttpClient http = HttpClient.newHttpClient();
    private final int port;
    private final String cookie;

    private FormSession(int port, String cookie) {
        this.port = port;
        this.cookie = cookie;
    }

    public static FormSession signIn(int port) {
        return new FormSession(port, PageSignIn.session(HttpClient.newHttpClient(), "http://localhost:" + port,
                IntegrationTest.ADMIN, IntegrationTest.PASSWORD));
    }

    public HttpResponse<String> page(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).header("Cookie", cookie)
                .GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Posts {@code fields} to {@code action} with the CSRF token of {@code formPage}. */
    public HttpResponse<String> submit(String formPage, String action, Map<String, String> fields)
            throws IOException, InterruptedException {
        var matcher = CSRF.matcher(page(formPage).body());
        assertThat(matcher.find()).as("a CSRF token on " + formPage).isTrue();
        var body = new StringBuilder("_csrf=" + URLEncoder.encode(matcher.group(1), StandardCharsets.UTF_8));
        fields.forEach((name, value) -> body.append('&').append(name).append('=')
                .append(URLEncoder.encode(value, StandardCharsets.UTF_8)));
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + action)).header("Cookie", cookie)
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
