package dev.platte.support;

import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

/**
 * The running server, an admin's client for it, the fixture that builds catalog data through it, and
 * {@link MockMvcTester} on the same application for page tests ({@link PageSession}).
 */
@IntegrationTest
public abstract class ServerTest {

    @LocalServerPort
    protected int port;

    @Autowired
    protected MockMvcTester mvc;

    protected PlatteClient client;
    protected ApiFixture fixture;

    @BeforeEach
    void connect() {
        client = new PlatteClient(port, IntegrationTest.ADMIN, IntegrationTest.PASSWORD);
        fixture = new ApiFixture(client);
    }
}
