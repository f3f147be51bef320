package dev.platte.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ContextConfiguration;

/**
 * The whole server on a random port against the shared real PostgreSQL. Every integration test uses
 * exactly this configuration, so Spring starts the context once per run. Page tests drive the same context
 * through {@code MockMvcTester} as well (see {@link PageSession}).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "platte.admin.username=" + IntegrationTest.ADMIN,
            "platte.admin.password=" + IntegrationTest.PASSWORD,
            // Tests sweep timeouts themselves, at the time they choose.
            "platte.rollout.timeout-check-interval=1h",
            // Tests prune themselves, with the clock they choose, so other tests' rows are never pruned under them.
            "platte.retention.enabled=false",
            // Tests release overdue reboot slots themselves, with the clock they choose.
            "platte.fleetlock.sweep-interval=1h",
            // Retirement is marked by tests themselves too: a test moving the clock must not retire other tests' nodes.
            "platte.fleet.retire-interval=1h",
            // Webhook receivers in tests listen on 127.0.0.1; the refusal itself is proven by OutboundAddressGuardTests.
            "platte.notifications.allow-private-addresses=true",
            // Payload hosting on, in a directory of this run, so /payloads/ can be tested through HTTP.
            "platte.payloads.directory=${java.io.tmpdir}/platte-it-payloads-${random.uuid}",
            "spring.datasource.hikari.connection-timeout=" + IntegrationTest.POOL_WAIT_MILLIS,
            // A reverse proxy for the tests that need one (LoopbackClients.from(TRUSTED_PROXY)); every other
            // test connects from 127.0.0.1, which stays an untrusted peer.
            "platte.omaha.trusted-proxies=" + IntegrationTest.TRUSTED_PROXY,
            // The Alertmanager receiver's credential; the gate tests' Alertmanager sends it.
            "platte.alertmanager.token=" + IntegrationTest.ALERTMANAGER_TOKEN,
            "platte.omaha.syncer-secrets=" + IntegrationTest.SYNCER_SECRET,
            // Tests register thousands of machines from loopback, like one big site behind one NAT; the
            // hostile-traffic test connects from 127.0.0.2 and so meets the default registration limit.
            "platte.omaha.registration-limit.exempt=127.0.0.1,::1",
            // Safe-mode tests start rollouts in fresh groups of fresh machines; in production these wait a day.
            "platte.rollout.canary-tenure=0s"
        })
@ContextConfiguration(initializers = TestDatabaseInitializer.class)
@Import(TestClockConfiguration.class)
@AutoConfigureMockMvc
public @interface IntegrationTest {

    String ADMIN = "admin";
    String PASSWORD = "integration-test-password";

    /** What syncers send to get syncer answers (as a header or the path after /v1/update/). */
    String SYNCER_SECRET = "integration-test-syncer-secret";

    /**
     * The grant stampedes send 500 checks at once, serialized on one row lock, through 10 connections
     * on a small shared machine: in production some would wait longer than the 2 s pool timeout and be
     * shed with a 503, which is not what those tests are about.
     */
    String POOL_WAIT_MILLIS = "30000";

    /** Not 127.0.0.2: the hostile-traffic test connects from there as an ordinary, untrusted client. */
    String TRUSTED_PROXY = "127.0.0.3";

    String ALERTMANAGER_TOKEN = "integration-test-alertmanager-token";
}
