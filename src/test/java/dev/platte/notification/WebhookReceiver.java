package dev.platte.notification;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A webhook receiver on 127.0.0.1, as a team's service would run one: it checks every request's signature
 * with the secret it was given, records what came, and answers with the statuses a test queues (200 once
 * the queue is empty).
 */
final class WebhookReceiver implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** One request as received, with whether its signature was valid. */
    record Received(Map<String, String> headers, String body, boolean signatureValid) {

        String header(String name) {
            return headers.get(name.toLowerCase(java.util.Locale.ROOT));
        }

        JsonNode json() {
            return JSON.readTree(body);
        }
    }

    /** An answer to give: status and body, the body sent a byte at a time every {@code trickle} if set. */
    record Answer(int status, String body, Duration trickle) {}

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final ConcurrentLinkedQueue<Answer> answers = new ConcurrentLinkedQueue<>();
    private volatile String secret = "";
    private volatile Duration delay = Duration.ZERO;

    WebhookReceiver() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", exchange -> {
            var body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            var headers = new java.util.HashMap<String, String>();
            exchange.getRequestHeaders().forEach((name, values) ->
                    headers.put(name.toLowerCase(java.util.Locale.ROOT), values.getFirst()));
            var signature = headers.get("x-platte-signature");
            received.add(new Received(headers, body,
                    signature != null && WebhookSignature.verify(secret, signature, body)));
            try {
                Thread.sleep(delay);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            var answer = answers.poll();
            if (answer != null && answer.trickle() != null) {
                exchange.sendResponseHeaders(answer.status(), 0);
                try (var out = exchange.getResponseBody()) {
                    for (var b : answer.body().getBytes(StandardCharsets.UTF_8)) {
                        out.write(b);
                        out.flush();
                        Thread.sleep(answer.trickle());
                    }
                } catch (IOException | InterruptedException e) {
                    // the client hung up, as it should
                }
                exchange.close();
                return;
            }
            var status = answer == null ? 200 : answer.status();
            var reply = (answer == null ? "ok" : answer.body()).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, reply.length == 0 ? -1 : reply.length);
            if (reply.length > 0) {
                exchange.getResponseBody().write(reply);
            }
            exchange.close();
        });
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hooks/platte";
    }

    void expectSecret(String secret) {
        this.secret = secret;
    }

    void answerNext(int status, String body) {
        answers.add(new Answer(status, body, null));
    }

    /** Answers the next request with {@code status} and then a body that never seems to end. */
    void trickleNext(int status, Duration perByte) {
        answers.add(new Answer(status, "x".repeat(1000), perByte));
    }

    void slowDown(Duration delay) {
        this.delay = delay;
    }

    List<Received> received() {
        return new ArrayList<>(received);
    }

    /** Waits (at most 20 s) until {@code condition} holds, running {@code step} (a dispatch) in between. */
    static void await(Runnable step, BooleanSupplier condition) {
        var deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 20 s");
            }
            step.run();
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
