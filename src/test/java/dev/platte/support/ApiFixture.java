package dev.platte.support;

import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** Builds catalog data through the real API, with names unique to each test. */
public final class ApiFixture {

    /** Valid-shaped digests: 20 and 32 zero-padded bytes in base64. */
    public static final String SHA1 = "I6DGNAOrJRUxPbCuLw+AITfiVMo=";
    public static final String SHA256 = "stLG3U/o4Ar8TMHFwT/RWB0iNkaWOO6QtLrq6+AHBbA=";
    public static final String SHA256_HEX = "3aed3129de50b959a97e4913ba485bd60e72d2bb6aa377d5ed404103f0680043";

    private final PlatteClient client;

    public ApiFixture(PlatteClient client) {
        this.client = client;
    }

    public static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    public static String machineId() {
        return UUID.randomUUID().toString().replace("-", "");
    }

    /** An application with a product id, returning its id. */
    public String application(String name) {
        return client.ok("POST", "/api/v1/apps", Requests.application(name).description("test application")
                .productId("io.platte.test." + name.replace("-", ""))).get("id").asString();
    }

    /** A Flatcar amd64 package of {@code version} (see {@link Requests#pkg}), returning its id. */
    public String pkg(String appId, String version) {
        return pkg(appId, Requests.pkg(version));
    }

    public String pkg(String appId, Requests.PackageBuilder pkg) {
        return client.ok("POST", "/api/v1/apps/" + appId + "/packages", pkg).get("id").asString();
    }

    /** An amd64 channel serving {@code packageId} (none if null), returning its id. */
    public String channel(String appId, String name, String packageId) {
        var channel = Requests.channel(name);
        return channel(appId, packageId == null ? channel : channel.pkg(packageId));
    }

    public String channel(String appId, Requests.ChannelBuilder channel) {
        return client.ok("POST", "/api/v1/apps/" + appId + "/channels", channel).get("id").asString();
    }

    /** A group with the default policy, returning its id. */
    public String group(String appId, String name, String track, String channelId) {
        return group(appId, Requests.group(name).track(track).channel(channelId));
    }

    public String group(String appId, Requests.GroupBuilder group) {
        return client.ok("POST", "/api/v1/apps/" + appId + "/groups", group).get("id").asString();
    }

    /** An application whose group {@code track} serves {@code version} on amd64. */
    public record Release(String appId, String packageId, String channelId, String groupId, String track) {}

    public Release release(String version) {
        return release(version, (Requests.PolicyBuilder) null);
    }

    /** As {@link #release(String)}, with the group's policy ({@code null}: none sent, the defaults). */
    public Release release(String version, Requests.@Nullable PolicyBuilder policy) {
        var app = application(unique("app"));
        var pkg = pkg(app, version);
        var channel = channel(app, "stable", pkg);
        var track = unique("track");
        var group = group(app, Requests.group("Stable").track(track).channel(channel).policy(policy));
        return new Release(app, pkg, channel, group, track);
    }
}
