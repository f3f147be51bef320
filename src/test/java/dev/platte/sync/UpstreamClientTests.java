package dev.platte.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.platte.sync.Syncer.SyncException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.unit.DataSize;

/**
 * The syncer's HTTP client against hostile servers in the test (real sockets on 127.0.0.1, no Spring):
 * what it follows, what it reads and when it gives up. The configured upstream is always
 * {@code localhost}, so {@code 127.0.0.1} stands for "some other private host".
 */
class UpstreamClientTests {

    private static final byte[] CHECK = "<request/>".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path temp;

    private final List<HttpServer> servers = new ArrayList<>();
    private final List<UpstreamClient> clients = new ArrayList<>();
    private final ScheduledThreadPoolExecutor deadlines = new ScheduledThreadPoolExecutor(1);

    @AfterEach
    void stop() throws IOException {
        for (var client : clients) {
            client.close();
        }
        servers.forEach(server -> server.stop(0));
        deadlines.shutdownNow();
    }

    private HttpServer server(HttpHandler handler) throws IOException {
        var server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", handler);
        // A handler may never return (that is the point of some): each gets its own thread.
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.start();
        servers.add(server);
        return server;
    }

    private static URI url(String scheme, String host, HttpServer server, String path) {
        return URI.create(scheme + "://" + host + ":" + server.getAddress().getPort() + path);
    }

    private static SyncProperties settings(boolean allowPrivateAddresses, SyncProperties.Upstream upstream) {
        return new SyncProperties(true, List.of(upstream), allowPrivateAddresses, 5, Duration.ofSeconds(2),
                Duration.ofSeconds(1), Duration.ofSeconds(3), Duration.ofSeconds(3), DataSize.ofKilobytes(64));
    }

    private static SyncProperties.Upstream upstream(URI url, List<String> trustedHosts) {
        return new SyncProperties.Upstream("hostile", url, "app", "app", List.of("stable"), List.of("amd64"),
                Duration.ofHours(1), true, trustedHosts, null);
    }

    private UpstreamClient client(URI upstreamUrl, List<String> trustedHosts, boolean allowPrivateAddresses,
            SSLContext tls) throws Exception {
        var upstream = upstream(upstreamUrl, trustedHosts);
        var client = new UpstreamClient(settings(allowPrivateAddresses, upstream), upstream,
                tls == null ? SSLContext.getDefault() : tls, deadlines);
        clients.add(client);
        return client;
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        var bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    private static void redirect(HttpExchange exchange, int status, String location) throws IOException {
        exchange.getResponseHeaders().add("Location", location);
        exchange.sendResponseHeaders(status, -1);
        exchange.close();
    }

    /** A server that answers {@code <response/>} and counts who asked. */
    private HttpServer target(AtomicInteger hits) throws IOException {
        return server(exchange -> {
            hits.incrementAndGet();
            answer(exchange, 200, "<response/>");
        });
    }

    @Test
    void refusesARedirectToAPrivateHostThatIsNotTheUpstreams() throws Exception {
        var hits = new AtomicInteger();
        var elsewhere = target(hits);
        var upstream = server(exchange -> redirect(exchange, 307, url("http", "127.0.0.1", elsewhere, "/v1/update/").toString()));
        var client = client(url("http", "localhost", upstream, "/v1/update/"), List.of(), false, null);

        assertThatThrownBy(() -> client.postUpdateCheck(url("http", "localhost", upstream, "/v1/update/"), CHECK, List.of()))
                .isInstanceOf(SyncException.class)
                .hasMessageContaining("the upstream refused: 127.0.0.1 resolves to a loopback address (127.0.0.1)")
                .hasMessageContaining("trusted-hosts");
        assertThat(hits).hasValue(0);
    }

    @Test
    void followsARedirectToAPrivateHostWhenItIsTrustedOrPrivateAddressesAreAllowed() throws Exception {
        var hits = new AtomicInteger();
        var elsewhere = target(hits);
        var upstream = server(exchange -> redirect(exchange, 308, url("http", "127.0.0.1", elsewhere, "/v1/update/").toString()));
        var upstreamUrl = url("http", "localhost", upstream, "/v1/update/");

        var viaTrust = client(upstreamUrl, List.of("127.0.0.1"), false, null).postUpdateCheck(upstreamUrl, CHECK, List.of());
        var viaAllowAll = client(upstreamUrl, List.of(), true, null).postUpdateCheck(upstreamUrl, CHECK, List.of());

        assertThat(new String(viaTrust, StandardCharsets.UTF_8)).isEqualTo("<response/>");
        assertThat(new String(viaAllowAll, StandardCharsets.UTF_8)).isEqualTo("<response/>");
        assertThat(hits).hasValue(2);
    }

    @Test
    void followsARedirectWithinTheUpstreamsOwnHost() throws Exception {
        var hits = new AtomicInteger();
        var sameHost = target(hits);
        var upstream = server(exchange -> redirect(exchange, 302, url("http", "localhost", sameHost, "/moved/").toString()));
        var upstreamUrl = url("http", "localhost", upstream, "/v1/update/");

        var body = client(upstreamUrl, List.of(), false, null).postUpdateCheck(upstreamUrl, CHECK, List.of());

        assertThat(new String(body, StandardCharsets.UTF_8)).isEqualTo("<response/>");
        assertThat(hits).hasValue(1);
    }

    @Test
    void sendsTheUpstreamsHeadersToItsOwnOriginOnly() throws Exception {
        var seen = new CopyOnWriteArrayList<String>();
        var elsewhere = server(exchange -> {
            seen.add("elsewhere:" + exchange.getRequestHeaders().getFirst("X-Syncer-Secret"));
            answer(exchange, 200, "<response/>");
        });
        var upstream = server(exchange -> {
            seen.add("upstream:" + exchange.getRequestHeaders().getFirst("X-Syncer-Secret"));
            redirect(exchange, 307, url("http", "127.0.0.1", elsewhere, "/v1/update/").toString());
        });
        var upstreamUrl = url("http", "localhost", upstream, "/v1/update/");

        client(upstreamUrl, List.of("127.0.0.1"), false, null).postUpdateCheck(upstreamUrl, CHECK,
                List.of(new UpstreamClient.Header("X-Syncer-Secret", "s3cret")));

        assertThat(seen).containsExactly("upstream:s3cret", "elsewhere:null");
    }

    @Test
    void refusesARedirectFromHttpsToHttp() throws Exception {
        var hits = new AtomicInteger();
        var plain = target(hits);
        var tls = selfSignedTls();
        var upstream = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        upstream.setHttpsConfigurator(new HttpsConfigurator(tls));
        upstream.createContext("/", exchange -> redirect(exchange, 301, url("http", "localhost", plain, "/v1/update/").toString()));
        upstream.start();
        servers.add(upstream);
        var upstreamUrl = url("https", "localhost", upstream, "/v1/update/");
        // Private addresses allowed and the same host: only the scheme can refuse it.
        var client = client(upstreamUrl, List.of(), true, tls);

        assertThatThrownBy(() -> client.postUpdateCheck(upstreamUrl, CHECK, List.of()))
                .isInstanceOf(SyncException.class)
                .hasMessage("the upstream redirected to a http URL, refused: only https is followed");
        assertThat(hits).hasValue(0);
    }

    @Test
    void refusesAPayloadUrlThatIsNeitherHttpsNorTheUpstreamsScheme() throws Exception {
        var upstreamUrl = URI.create("http://localhost:1/v1/update/");
        var client = client(upstreamUrl, List.of(), false, null);

        assertThatThrownBy(() -> client.download(URI.create("ftp://localhost/update.gz"), "update.gz", 10, body -> 0))
                .isInstanceOf(SyncException.class)
                .hasMessage("download of update.gz at a ftp URL, refused: only https or http (the upstream's scheme) "
                        + "is followed");
    }

    @Test
    void givesUpAfterTheRedirectLimit() throws Exception {
        var hits = new AtomicInteger();
        var loop = server(exchange -> {
            hits.incrementAndGet();
            redirect(exchange, 307, "/again/" + hits.get());
        });
        var upstreamUrl = url("http", "localhost", loop, "/v1/update/");

        assertThatThrownBy(() -> client(upstreamUrl, List.of(), false, null).postUpdateCheck(upstreamUrl, CHECK, List.of()))
                .isInstanceOf(SyncException.class)
                .hasMessage("the upstream redirected more than 5 times");
        assertThat(hits).hasValue(6);
    }

    @Test
    void readsAnAnswerThatNeverEndsOnlyUpToTheLimit() throws Exception {
        var sent = new AtomicLong();
        var disconnected = new AtomicReference<Long>();
        var endless = server(exchange -> {
            exchange.sendResponseHeaders(200, 0);
            var chunk = new byte[16 * 1024];
            try (var out = exchange.getResponseBody()) {
                while (true) {
                    out.write(chunk);
                    sent.addAndGet(chunk.length);
                }
            } catch (IOException e) {
                disconnected.set(System.nanoTime());
            }
        });
        var upstreamUrl = url("http", "localhost", endless, "/v1/update/");
        var started = System.nanoTime();

        assertThatThrownBy(() -> client(upstreamUrl, List.of(), false, null).postUpdateCheck(upstreamUrl, CHECK, List.of()))
                .isInstanceOf(SyncException.class)
                .hasMessage("the upstream sent an answer of more than 65536 bytes (platte.sync.max-answer-size)");

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
        // The connection is cut, not drained: the server notices and stops within the socket buffers.
        waitFor(() -> disconnected.get() != null);
        assertThat(sent.get()).isLessThan(32L * 1024 * 1024);
    }

    @Test
    void refusesAnAnswerAnnouncedLargerThanTheLimitWithoutReadingIt() throws Exception {
        var big = server(exchange -> {
            exchange.sendResponseHeaders(200, 10_000_000);
            exchange.getResponseBody().write("<response".getBytes(StandardCharsets.UTF_8));
            exchange.getResponseBody().flush();
            try {
                Thread.sleep(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        var upstreamUrl = url("http", "localhost", big, "/v1/update/");

        assertThatThrownBy(() -> client(upstreamUrl, List.of(), false, null).postUpdateCheck(upstreamUrl, CHECK, List.of()))
                .hasMessage("the upstream announced an answer of 10000000 bytes, more than the 65536 allowed "
                        + "(platte.sync.max-answer-size)");
    }

    @Test
    void cutsOffAnAnswerThatTricklesPastItsTimeBudget() throws Exception {
        var trickle = server(exchange -> {
            exchange.sendResponseHeaders(200, 0);
            try (var out = exchange.getResponseBody()) {
                while (true) {
                    out.write(' ');
                    out.flush();
                    Thread.sleep(300);
                }
            } catch (IOException | InterruptedException e) {
                // cut off
            }
        });
        var upstreamUrl = url("http", "localhost", trickle, "/v1/update/");
        var started = System.nanoTime();

        assertThatThrownBy(() -> client(upstreamUrl, List.of(), false, null).postUpdateCheck(upstreamUrl, CHECK, List.of()))
                .hasMessage("the upstream took longer than 3 s, cut off");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isBetween(Duration.ofSeconds(3), Duration.ofSeconds(5));
    }

    @Test
    void cutsOffAServerThatFallsSilent() throws Exception {
        var silent = server(exchange -> {
            exchange.sendResponseHeaders(200, 100);
            try {
                Thread.sleep(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        var upstreamUrl = url("http", "localhost", silent, "/v1/update/");

        assertThatThrownBy(() -> client(upstreamUrl, List.of(), false, null).postUpdateCheck(upstreamUrl, CHECK, List.of()))
                .hasMessage("the upstream: localhost sent nothing for 1 s, cut off");
    }

    @Test
    void neverRepeatsWhatTheServerSent() throws Exception {
        var chatty = server(exchange -> {
            exchange.getResponseHeaders().add("X-Note", "SECRET-HEADER");
            answer(exchange, 500, "SECRET-BODY\r\nforged: line");
        });
        var upstreamUrl = url("http", "localhost", chatty, "/v1/update/");

        assertThatThrownBy(() -> client(upstreamUrl, List.of(), false, null).postUpdateCheck(upstreamUrl, CHECK, List.of()))
                .hasMessage("the upstream answered HTTP 500");
    }

    @Test
    void refusesADownloadWhoseServerAnnouncesAnotherSizeWithoutReadingIt() throws Exception {
        var files = server(exchange -> answer(exchange, 200, "x".repeat(5000)));
        var upstreamUrl = url("http", "localhost", files, "/v1/update/");
        var read = new AtomicInteger();

        assertThatThrownBy(() -> client(upstreamUrl, List.of(), false, null).download(
                url("http", "localhost", files, "/update.gz"), "update.gz", 1000, body -> read.incrementAndGet()))
                .hasMessage("download of update.gz: the server announces 5000 bytes, the manifest 1000");
        assertThat(read).hasValue(0);
    }

    @Test
    void handsADownloadToItsReaderAndCutsTheRestWhenTheReaderStops() throws Exception {
        var sent = new AtomicLong();
        var endless = server(exchange -> {
            exchange.sendResponseHeaders(200, 0);
            try (var out = exchange.getResponseBody()) {
                var chunk = new byte[16 * 1024];
                while (true) {
                    out.write(chunk);
                    sent.addAndGet(chunk.length);
                }
            } catch (IOException e) {
                // cut off
            }
        });
        var upstreamUrl = url("http", "localhost", endless, "/v1/update/");
        var started = System.nanoTime();

        var firstBytes = client(upstreamUrl, List.of(), false, null).download(url("http", "localhost", endless, "/f.gz"),
                "f.gz", 1000, UpstreamClientTests::readThousand);

        assertThat(firstBytes).hasSize(1000);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
    }

    @Test
    void saysWhenNothingListens() throws Exception {
        int port;
        try (var socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        var upstreamUrl = URI.create("http://localhost:" + port + "/v1/update/");

        assertThatThrownBy(() -> client(upstreamUrl, List.of(), false, null).postUpdateCheck(upstreamUrl, CHECK, List.of()))
                .hasMessage("the upstream: could not connect to localhost");
    }

    private static byte[] readThousand(InputStream body) throws IOException {
        var out = new ByteArrayOutputStream();
        var buffer = new byte[1000];
        var read = 0;
        while (read < 1000) {
            var n = body.read(buffer, 0, 1000 - read);
            if (n < 0) {
                break;
            }
            out.write(buffer, 0, n);
            read += n;
        }
        return out.toByteArray();
    }

    private static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
        var until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!condition.getAsBoolean() && System.nanoTime() < until) {
            Thread.sleep(20);
        }
        assertThat(condition.getAsBoolean()).as("within 5 s").isTrue();
    }

    /** A key pair for localhost from the JDK's keytool, as server key and client trust at once. */
    private SSLContext selfSignedTls() throws Exception {
        var store = temp.resolve("tls.p12");
        var keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        var process = new ProcessBuilder(keytool, "-genkeypair", "-alias", "localhost", "-keyalg", "EC",
                "-keystore", store.toString(), "-storetype", "PKCS12", "-storepass", "changeit", "-dname",
                "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-validity", "2")
                .redirectErrorStream(true).start();
        var output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as(output).isZero();
        var keys = KeyStore.getInstance("PKCS12");
        try (var in = Files.newInputStream(store)) {
            keys.load(in, "changeit".toCharArray());
        }
        var keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(keys, "changeit".toCharArray());
        var trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trustManagers.init(keys);
        var context = SSLContext.getInstance("TLS");
        context.init(keyManagers.getKeyManagers(), trustManagers.getTrustManagers(), null);
        return context;
    }
}
