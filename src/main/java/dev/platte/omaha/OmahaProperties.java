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
 * @param syncerSecrets secrets that make a request a downstream syncer's, sent as the
 *     {@code Platte-Syncer-Secret} header or as the path ({@code /v1/update/<syncer secret>}); only such requests
 *     get syncer answers (several manifests, a pinned {@code targetversionprefix}), others are answered as nodes
 */
@ConfigurationProperties("platte.omaha")
public record OmahaProperties(
        @DefaultValue("platte") String serverName,
        @DefaultValue List<String> trustedProxies,
        Integer pollIntervalSeconds,
        String pathSecret,
        @DefaultValue List<String> syncerSecrets) {

    public boolean requiresSecret() {
        return pathSecret != null && !pathSecret.isBlank();
    }

    /** The configured syncer secrets, blanks left out. */
    public List<String> effectiveSyncerSecrets() {
        return syncerSecrets.stream().filter(secret -> secret != null && !secret.isBlank()).toList();
    }
}
