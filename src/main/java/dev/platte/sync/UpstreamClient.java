package dev.platte.sync;

import dev.platte.common.Untrusted;
import dev.platte.common.net.GuardedDnsResolver;
import dev.platte.common.net.OutboundAddressGuard;
import dev.platte.common.net.RefusedAddressException;
import dev.platte.payload.PayloadVerificationException;
import dev.platte.sync.Syncer.SyncException;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.ManagedHttpClientConnectionFactory;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpHeaders;
import org.apache.hc.core5.http.config.Http1Config;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.util.Timeout;

/**
 * HTTP to one upstream, bounded in every way a hostile or broken server could use against Platte:
 * <ul>
 *   <li>answers are read up to {@code platte.sync.max-answer-size} while they stream, files up to their
 *       expected size (the reader stops them), and neither is ever drained after that: the connection is
 *       cut instead;
 *   <li>connecting, every silence and every whole exchange (redirects included) have a time limit;
 *   <li>redirects are followed only to https or the upstream's own scheme, at most
 *       {@code platte.sync.max-redirects} times, and redirects and payload URLs reach only public
 *       addresses unless their host is the upstream's own or trusted ({@link OutboundAddressGuard}, checked
 *       on the very addresses the client connects to);
 *   <li>failures are described in Platte's own words with bounded facts (status, sizes, host), never with
 *       what the server sent.
 * </ul>
 */
final class UpstreamClient implements AutoCloseable {

    private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);

    /** Reads a response body; exceptions other than the stream's are the reader's own (a full disk, say). */
    @FunctionalInterface
    interface BodyReader<T> {
        T read(InputStream body) throws IOException, PayloadVerificationException, SyncException;
    }

    private final SyncProperties settings;
    private final String upstreamScheme;
    private final ScheduledExecutorService deadlines;
    private final CloseableHttpClient client;

    UpstreamClient(SyncProperties settings, SyncProperties.Upstream upstream, SSLContext tls,
            ScheduledExecutorService deadlines) {
        this.settings = settings;
        this.upstreamScheme = upstream.url().getScheme().toLowerCase(Locale.ROOT);
        this.deadlines = deadlines;
        var trusted = new ArrayList<>(upstream.trustedHosts());
        trusted.add(upstream.url().getHost());
        var guard = new OutboundAddressGuard(trusted, settings.allowPrivateAddresses());
        var connections = PoolingHttpClientConnectionManagerBuilder.create()
                .setDnsResolver(new GuardedDnsResolver(guard))
                .setTlsSocketStrategy(new DefaultClientTlsStrategy(tls))
                .setDefaultConnectionConfig(ConnectionConfig.custom()
                        .setConnectTimeout(timeout(settings.connectTimeout()))
                        .setSocketTimeout(timeout(settings.readTimeout()))
                        .build())
                // Header lines and counts are the server's to choose otherwise: bound what is kept of them.
                .setConnectionFactory(ManagedHttpClientConnectionFactory.builder()
                        .http1Config(Http1Config.custom().setMaxLineLength(8 * 1024).setMaxHeaderCount(100).build())
                        .build())
                .build();
        this.client = HttpClients.custom()
                .setConnectionManager(connections)
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setConnectionRequestTimeout(timeout(settings.connectTimeout()))
                        .setResponseTimeout(timeout(settings.readTimeout()))
                        .setRedirectsEnabled(false)
                        .build())
                // Redirects are followed here, hop by hop, to check each; bytes arrive as sent (no gzip bomb).
                .disableRedirectHandling()
                .disableContentCompression()
                .disableAutomaticRetries()
                .disableCookieManagement()
                .disableAuthCaching()
                .setUserAgent("Platte syncer")
                .build();
    }

    /**
     * POSTs an update check to {@code url} (the configured upstream) and returns the answer's body.
     * {@code headers} go to the upstream's own origin only, not to where it redirects.
     */
    byte[] postUpdateCheck(URI url, byte[] request, List<Header> headers) throws SyncException {
        try {
            return exchange("the upstream", url, request, headers, settings.answerTimeout(), (status, entity, what) -> {
                if (status != 200) {
                    throw new SyncException(what + " answered HTTP " + status);
                }
                var max = settings.maxAnswerSize().toBytes();
                if (entity == null) {
                    throw new SyncException(what + " answered with no body");
                }
                if (entity.getContentLength() > max) {
                    throw new SyncException("%s announced an answer of %d bytes, more than the %d allowed "
                            .formatted(what, entity.getContentLength(), max) + "(platte.sync.max-answer-size)");
                }
                return readAtMost(entity, max, what);
            });
        } catch (IOException e) {
            throw new SyncException("the upstream: the connection failed (" + e.getClass().getSimpleName() + ")");
        } catch (PayloadVerificationException e) {
            throw new IllegalStateException("an answer is only read into memory", e);
        }
    }

    /**
     * GETs a file the upstream named and hands its body to {@code reader}, which must stop reading past
     * {@code expectedSize}; a server that announces another size is not read at all.
     */
    <T> T download(URI url, String fileName, long expectedSize, BodyReader<T> reader)
            throws SyncException, IOException, PayloadVerificationException {
        var what = "download of " + Untrusted.printable(fileName, 100);
        checkScheme(url, what + " at");
        return exchange(what, url, null, List.of(), settings.downloadTimeout(), (status, entity, whatNow) -> {
            if (status != 200 || entity == null) {
                throw new SyncException(whatNow + " answered HTTP " + status);
            }
            var announced = entity.getContentLength();
            if (announced >= 0 && announced != expectedSize) {
                throw new SyncException("%s: the server announces %d bytes, the manifest %d"
                        .formatted(whatNow, announced, expectedSize));
            }
            return reader.read(RemoteStream.of(entity));
        });
    }

    record Header(String name, String value) {}

    @FunctionalInterface
    private interface ResponseHandler<T> {
        T handle(int status, HttpEntity entity, String what)
                throws IOException, PayloadVerificationException, SyncException;
    }

    /** One request with its redirects, within one time budget. A POST stays a POST: only a POST gets an answer. */
    private <T> T exchange(String what, URI first, byte[] body, List<Header> headers, Duration budget,
            ResponseHandler<T> handler) throws SyncException, IOException, PayloadVerificationException {
        var deadline = System.nanoTime() + budget.toNanos();
        var uri = first;
        for (var redirects = 0; ; redirects++) {
            HttpUriRequestBase request = body == null ? new HttpGet(uri) : new HttpPost(uri);
            if (body != null) {
                request.setEntity(new ByteArrayEntity(body, ContentType.create("text/xml", StandardCharsets.UTF_8)));
            }
            if (sameOrigin(uri, first)) {
                // Headers may carry a credential for the upstream: never for a host it redirects to.
                headers.forEach(header -> request.addHeader(header.name(), header.value()));
            }
            var expired = new AtomicBoolean();
            var timer = deadlines.schedule(() -> {
                expired.set(true);
                request.cancel();
            }, Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            ClassicHttpResponse response = null;
            try {
                try {
                    response = client.executeOpen(null, request, HttpClientContext.create());
                } catch (IOException e) {
                    throw expired.get() ? tookTooLong(what, budget) : new SyncException(describe(what, uri, e));
                }
                var status = response.getCode();
                if (REDIRECTS.contains(status)) {
                    if (redirects == settings.maxRedirects()) {
                        throw new SyncException(what + " redirected more than " + settings.maxRedirects() + " times");
                    }
                    uri = redirectTarget(uri, response, what);
                    continue;
                }
                try {
                    return handler.handle(status, response.getEntity(), what);
                } catch (RemoteStream.ReadFailed e) {
                    throw expired.get() ? tookTooLong(what, budget) : new SyncException(describe(what, uri, e.getCause()));
                } catch (IOException e) {
                    if (expired.get()) {
                        throw tookTooLong(what, budget);
                    }
                    throw e;
                }
            } finally {
                timer.cancel(false);
                // Never drain what was not read (closing would): a hostile server may send forever.
                request.cancel();
                close(response);
            }
        }
    }

    private static boolean sameOrigin(URI a, URI b) {
        return a.getScheme().equalsIgnoreCase(b.getScheme()) && a.getHost().equalsIgnoreCase(b.getHost())
                && a.getPort() == b.getPort();
    }

    private URI redirectTarget(URI current, ClassicHttpResponse response, String what) throws SyncException {
        var location = response.getFirstHeader(HttpHeaders.LOCATION);
        if (location == null) {
            throw new SyncException(what + " answered HTTP " + response.getCode() + " without a location");
        }
        URI target;
        try {
            target = current.resolve(new URI(location.getValue()));
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new SyncException(what + " redirected to an invalid location");
        }
        if (target.getHost() == null) {
            throw new SyncException(what + " redirected to a location without a host");
        }
        checkScheme(target, what + " redirected to");
        return target;
    }

    /** Only https, or whatever the administrator chose for the upstream itself. */
    private void checkScheme(URI url, String what) throws SyncException {
        var scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals(upstreamScheme)) {
            throw new SyncException("%s a%s URL, refused: only https%s is followed".formatted(what,
                    scheme.isEmpty() ? " relative" : " " + Untrusted.printable(scheme, 10),
                    upstreamScheme.equals("https") ? "" : " or " + upstreamScheme + " (the upstream's scheme)"));
        }
        if (url.getHost() == null) {
            throw new SyncException(what + " a URL without a host, refused");
        }
    }

    private static byte[] readAtMost(HttpEntity entity, long max, String what) throws IOException, SyncException {
        var out = new ByteArrayOutputStream();
        var buffer = new byte[16 * 1024];
        var in = RemoteStream.of(entity);
        long total = 0;
        int read;
        while ((read = in.read(buffer, 0, (int) Math.min(buffer.length, max + 1 - total))) != -1) {
            total += read;
            if (total > max) {
                throw new SyncException("%s sent an answer of more than %d bytes (platte.sync.max-answer-size)"
                        .formatted(what, max));
            }
            out.write(buffer, 0, read);
        }
        return out.toByteArray();
    }

    private SyncException tookTooLong(String what, Duration budget) {
        return new SyncException(what + " took longer than " + words(budget) + ", cut off");
    }

    /** A network failure in Platte's words, with the host it happened with; never the exception's own text. */
    private String describe(String what, URI uri, Throwable e) {
        var host = Untrusted.printable(uri.getHost(), 100);
        return switch (e) {
            case RefusedAddressException refused -> what + " refused: " + refused.getMessage()
                    + ", and it is neither the upstream's host nor trusted (platte.sync.upstreams[].trusted-hosts, "
                    + "platte.sync.allow-private-addresses)";
            case UnknownHostException unknown -> what + ": unknown host " + host;
            case ConnectTimeoutException timeout -> what + ": no connection to " + host + " within "
                    + words(settings.connectTimeout());
            case ConnectException refused -> what + ": could not connect to " + host;
            case SocketTimeoutException silent -> what + ": " + host + " sent nothing for "
                    + words(settings.readTimeout()) + ", cut off";
            case SSLException tls -> what + ": TLS with " + host + " failed";
            default -> what + ": the connection to " + host + " failed (" + e.getClass().getSimpleName() + ")";
        };
    }

    static String words(Duration duration) {
        if (duration.toMillis() % 1000 != 0) {
            return duration.toMillis() + " ms";
        }
        var seconds = duration.toSeconds();
        if (seconds % 3600 == 0) {
            return seconds / 3600 + " h";
        }
        return seconds % 60 == 0 ? seconds / 60 + " min" : seconds + " s";
    }

    private static Timeout timeout(Duration duration) {
        return Timeout.ofMilliseconds(duration.toMillis());
    }

    private static void close(ClassicHttpResponse response) {
        if (response != null) {
            try {
                response.close();
            } catch (IOException | RuntimeException e) {
                // The connection was cut on purpose; nothing more to release.
            }
        }
    }

    @Override
    public void close() throws IOException {
        client.close();
    }

    /**
     * The body as it arrives, telling its own failures (the network's) from the reader's, and never
     * closing the connection's stream: closing it would read the rest of a body that may never end.
     */
    private static final class RemoteStream extends FilterInputStream {

        static final class ReadFailed extends IOException {
            ReadFailed(IOException cause) {
                super(cause);
            }
        }

        private RemoteStream(InputStream in) {
            super(in);
        }

        static RemoteStream of(HttpEntity entity) throws ReadFailed {
            try {
                return new RemoteStream(entity.getContent());
            } catch (IOException e) {
                throw new ReadFailed(e);
            }
        }

        @Override
        public int read() throws IOException {
            try {
                return super.read();
            } catch (IOException e) {
                throw new ReadFailed(e);
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                return super.read(b, off, len);
            } catch (IOException e) {
                throw new ReadFailed(e);
            }
        }

        @Override
        public void close() {
            // See above: the exchange cuts the connection instead.
        }
    }
}
