package dev.platte.sync;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Upstream Omaha servers to follow. With {@code enabled} and no upstream listed, Platte follows the
 * public Flatcar update server.
 */
@ConfigurationProperties("platte.sync")
public record SyncProperties(@DefaultValue("false") boolean enabled, @DefaultValue List<Upstream> upstreams) {

    public static final URI PUBLIC_FLATCAR = URI.create("https://public.update.flatcar-linux.net/v1/update/");
    public static final String FLATCAR_APP = "e96281a6-d1af-4bde-9a0a-97b76e56dc57";

    /**
     * @param name how state, activity and packages name this upstream
     * @param application the local application (UUID or product id) the packages go to
     * @param upstreamAppId the application id to ask upstream for
     * @param mirrorPayloads download and verify payloads into the local store and serve them from here
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
            String syncerSecret) {}

    /** The upstreams to follow: the configured ones, or the public Flatcar server when none is. */
    public List<Upstream> effectiveUpstreams() {
        if (!enabled) {
            return List.of();
        }
        return upstreams.isEmpty()
                ? List.of(new Upstream("flatcar", PUBLIC_FLATCAR, FLATCAR_APP, FLATCAR_APP,
                        List.of("stable", "beta", "alpha", "lts"), List.of("amd64", "arm64"), Duration.ofHours(1), false, null))
                : upstreams;
    }
}
