package dev.platte.support;

import dev.platte.PlatteApplication;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** A second Platte on the tests' database, as another replica of the one the test talks to. */
public final class Replicas {

    private Replicas() {}

    /** Starts one on a free port with the settings of {@link IntegrationTest} plus {@code extraArguments}. */
    public static ConfigurableApplicationContext start(String... extraArguments) {
        var db = TestDatabase.connection();
        var arguments = new ArrayList<>(List.of(
                "--server.port=0",
                "--spring.datasource.url=" + db.url(),
                "--spring.datasource.username=" + db.username(),
                "--spring.datasource.password=" + db.password(),
                "--platte.admin.password=" + IntegrationTest.PASSWORD,
                "--platte.rollout.timeout-check-interval=1h",
                "--platte.retention.enabled=false",
                "--platte.fleetlock.sweep-interval=1h",
                "--spring.datasource.hikari.connection-timeout=" + IntegrationTest.POOL_WAIT_MILLIS));
        arguments.addAll(List.of(extraArguments));
        return new SpringApplicationBuilder(PlatteApplication.class).run(arguments.toArray(String[]::new));
    }

    public static int port(ConfigurableApplicationContext replica) {
        return replica.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
    }
}
