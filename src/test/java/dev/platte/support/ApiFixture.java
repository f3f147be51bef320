package dev.platte.support;

import java.util.List;
import java.util.Map;
import java.util.UUID;

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
        return client.ok("POST", "/api/v1/apps", Map.of(
                        "name", name, "description", "test application", "productId", "io.platte.test." + name.replace("-", "")))
                .get("id").asString();
    }

    public static Map<String, Object> packageBody(String version, String arch) {
        return Map.of(
                "version", version,
                "arch", arch,
                "type", "flatcar",
                "codebaseUrl", "https://updates.example.com/amd64-usr/" + version + "/",
                "fileName", "flatcar_production_update.gz",
                "size", 479970432L,
                "sha1", SHA1,
                "sha256", SHA256,
                // OmahaRequests' nodes report OEM ami: shipping its extension keeps them clear of the guard.
                "extraFiles", List.of(Map.of("name", "oem-azure.gz", "size", 40897503L, "sha1", SHA1,
                        "sha256Hex", SHA256_HEX), Map.of("name", "oem-ami.gz", "size", 2282L, "sha1", SHA1,
                        "sha256Hex", SHA256_HEX)));
    }

    public String pkg(String appId, String version) {
        return client.ok("POST", "/api/v1/apps/" + appId + "/packages", packageBody(version, "amd64")).get("id").asString();
    }

    public String channel(String appId, String name, String packageId) {
        var body = new java.util.HashMap<String, Object>(Map.of("name", name, "arch", "amd64"));
        if (packageId != null) {
            body.put("packageId", packageId);
        }
        return client.ok("POST", "/api/v1/apps/" + appId + "/channels", body).get("id").asString();
    }

    public String group(String appId, String name, String track, String channelId) {
        return group(appId, name, track, channelId, null);
    }

    public String group(String appId, String name, String track, String channelId, Map<String, Object> policy) {
        var body = new java.util.HashMap<String, Object>(Map.of("name", name, "track", track, "channelId", channelId));
        if (policy != null) {
            body.put("policy", policy);
        }
        return client.ok("POST", "/api/v1/apps/" + appId + "/groups", body).get("id").asString();
    }

    /** An application whose group {@code track} serves {@code version} on amd64. */
    public record Release(String appId, String packageId, String channelId, String groupId, String track) {}

    public Release release(String version) {
        return release(version, null);
    }

    /** As {@link #release(String)}, with the group's policy ({@code null} for the defaults). */
    public Release release(String version, Map<String, Object> policy) {
        var app = application(unique("app"));
        var pkg = pkg(app, version);
        var channel = channel(app, "stable", pkg);
        var track = unique("track");
        var group = group(app, "Stable", track, channel, policy);
        return new Release(app, pkg, channel, group, track);
    }
}
