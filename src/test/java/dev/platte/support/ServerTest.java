package dev.platte.support;

import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The running server, an admin's client for it, and the fixture that builds catalog data through it. */
@IntegrationTest
public abstract class ServerTest {

    @LocalServerPort
    protected int port;

    protected PlatteClient client;
    protected ApiFixture fixture;

    @BeforeEach
    void connect() {
        client = new PlatteClient(port, IntegrationTest.ADMIN, IntegrationTest.PASSWORD);
        fixture = new ApiFixture(client);
    }
}
