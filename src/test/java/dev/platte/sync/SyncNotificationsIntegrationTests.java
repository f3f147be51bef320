package dev.platte.sync;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.platte.catalog.Arch;
import dev.platte.support.ApiFixture;
import dev.platte.support.ServerTest;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** An upstream that fails and then answers again: one sync.failed and one sync.recovered reach a webhook. */
class SyncNotificationsIntegrationTests extends ServerTest {

    private static final String NO_UPDATE = """
            <?xml version="1.0" encoding="UTF-8"?>
            <response protocol="3.0" server="upstream"><daystart elapsed_seconds="0"></daystart>\
            <app appid="{e96281a6-d1af-4bde-9a0a-97b76e56dc57}" status="ok"><updatecheck status="noupdate"></updatecheck>\
            </app></response>""";

    @Autowired
    Syncer syncer;

    private HttpServer upstream;
    private final AtomicInteger failuresToAnswer = new AtomicInteger();
    private String webhookId;

    @BeforeEach
    void startUpstream() throws IOException {
        upstream = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        upstream.createContext("/v1/update/", exchange -> {
            var failing = failuresToAnswer.getAndUpdate(n -> Math.max(0, n - 1)) > 0;
            var body = (failing ? "upstream down" : NO_UPDATE).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(failing ? 502 : 200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        upstream.createContext("/hook", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        upstream.start();
    }

    @AfterEach
    void stop() {
        if (webhookId != null) {
            client.send("DELETE", "/api/v1/webhooks/" + webhookId, "");
        }
        upstream.stop(0);
    }

    @Test
    void tellsOnceWhenAnUpstreamChannelStartsFailingAndOnceWhenItRecovers() {
        var appId = fixture.application(ApiFixture.unique("synced"));
        var base = "http://127.0.0.1:" + upstream.getAddress().getPort();
        var body = new HashMap<String, Object>(Map.of("name", ApiFixture.unique("sync-watch"), "url", base + "/hook",
                "events", List.of("sync.failed", "sync.recovered"), "applicationId", appId, "format", "cloudevents"));
        webhookId = client.ok("POST", "/api/v1/webhooks", body).get("webhook").get("id").asString();
        var name = ApiFixture.unique("up");
        var source = new SyncProperties.Upstream(name, URI.create(base + "/v1/update/"), appId,
                SyncProperties.FLATCAR_APP, List.of("stable"), List.of("amd64"), Duration.ofHours(1), false, List.of(), null);

        failuresToAnswer.set(2);
        syncer.syncChannel(source, "stable", Arch.AMD64);
        syncer.syncChannel(source, "stable", Arch.AMD64);
        syncer.syncChannel(source, "stable", Arch.AMD64);
        syncer.syncChannel(source, "stable", Arch.AMD64);

        var deliveries = new ArrayList<JsonNode>();
        client.getJson("/api/v1/webhooks/" + webhookId + "/deliveries").forEach(deliveries::add);
        assertThat(deliveries).extracting(d -> d.get("eventType").asString())
                .containsExactlyInAnyOrder("sync.failed", "sync.recovered");
    }
}
