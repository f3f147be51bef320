package dev.platte.omaha;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How Platte answers nodes.
 *
 * @param serverName the {@code server} attribute of every response
 * @param trustedProxies addresses or CIDR ranges of reverse proxies whose {@code X-Forwarded-For} is believed
 * @param pollIntervalSeconds optional {@code PollInterval} sent with every update check answer; update_engine
 *     honours values between 2700 and 14400 seconds, so it can only slow nodes down
 * @param pathSecret when set, nodes are served only at {@code /v1/update/<secret>} (their {@code SERVER=}
 *     URL carries it), and the plain path answers 404
 */
@ConfigurationProperties("platte.omaha")
public record OmahaProperties(
        @DefaultValue("platte") String serverName,
        @DefaultValue List<String> trustedProxies,
        Integer pollIntervalSeconds,
        String pathSecret) {

    public boolean requiresSecret() {
        return pathSecret != null && !pathSecret.isBlank();
    }
}
