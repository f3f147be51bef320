package dev.platte.sync;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Upstream Omaha servers to follow. With {@code enabled} and no upstream listed, Platte follows the
 * public Flatcar update server.
 *
 * @param allowPrivateAddresses let redirects and payload URLs lead to loopback, link-local and private
 *     addresses on every upstream (an all-internal installation); otherwise only hosts an administrator
 *     configured may have such addresses
 * @param maxRedirects redirects followed per request
 * @param connectTimeout how long to wait for a connection
 * @param readTimeout how long an upstream may stay silent while it answers or sends a file
 * @param answerTimeout how long one update check upstream may take in all, redirects included
 * @param downloadTimeout how long one mirrored file may take in all
 * @param maxAnswerSize the largest update check answer read; a longer one fails the sync
 */
@ConfigurationProperties("platte.sync")
public record SyncProperties(
        @DefaultValue("false") boolean enabled,
        @DefaultValue List<Upstream> upstreams,
        @DefaultValue("false") boolean allowPrivateAddresses,
        @DefaultValue("5") int maxRedirects,
        @DefaultValue("10s") Duration connectTimeout,
        @DefaultValue("30s") Duration readTimeout,
        @DefaultValue("60s") Duration answerTimeout,
        @DefaultValue("1h") Duration downloadTimeout,
        @DefaultValue("1MB") DataSize maxAnswerSize) {

    public static final URI PUBLIC_FLATCAR = URI.create("https://public.update.flatcar-linux.net/v1/update/");
    public static final String FLATCAR_APP = "e96281a6-d1af-4bde-9a0a-97b76e56dc57";

    /**
     * @param name how state, activity and packages name this upstream
     * @param url the upstream's Omaha endpoint; trusted as configured, whatever its address
     * @param application the local application (UUID or product id) the packages go to
     * @param upstreamAppId the application id to ask upstream for
     * @param mirrorPayloads download and verify payloads into the local store and serve them from here
     * @param trustedHosts further hosts (names or IP literals) that redirects and payload URLs of this
     *     upstream may name even though they resolve to private addresses; the upstream's own host always may
     * @param syncerSecret for an upstream Platte: one of its {@code platte.omaha.syncer-secrets}, sent as the
     *     {@code Platte-Syncer-Secret} header; without it that Platte answers as to a node (one manifest, no floors)
     */
    public record Upstream(
            @DefaultValue("flatcar") String name,
            @DefaultValue("https://public.update.flatcar-linux.net/v1/update/") URI url,
            @DefaultValue(FLATCAR_APP) String application,
            @DefaultValue(FLATCAR_APP) String upstreamAppId,
            @DefaultValue({"stable", "beta", "alpha", "lts"}) List<String> channels,
            @DefaultValue({"amd64", "arm64"}) List<String> arches,
            @DefaultValue("1h") Duration interval,
            @DefaultValue("false") boolean mirrorPayloads,
            @DefaultValue List<String> trustedHosts,
            String syncerSecret) {}

    /** The upstreams to follow: the configured ones, or the public Flatcar server when none is. */
    public List<Upstream> effectiveUpstreams() {
        if (!enabled) {
            return List.of();
        }
        return upstreams.isEmpty()
                ? List.of(new Upstream("flatcar", PUBLIC_FLATCAR, FLATCAR_APP, FLATCAR_APP,
                        List.of("stable", "beta", "alpha", "lts"), List.of("amd64", "arm64"), Duration.ofHours(1), false,
                        List.of(), null))
                : upstreams;
    }
}
