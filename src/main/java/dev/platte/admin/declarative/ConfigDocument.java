package dev.platte.admin.declarative;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.platte.admin.api.ApiRequests.PackageRequest;
import dev.platte.admin.api.ApiRequests.PolicyRequest;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import java.util.UUID;

/**
 * Applications with their catalog and rollout policy as a versioned document, for git. Objects are
 * named by natural keys (application by product id or name, package by version and arch, channel by
 * name and arch, group by name), never by database ids, so one document can configure several servers.
 * Packages and group policies are the API's own request bodies, checked by the same rules.
 */
@Schema(description = "Configuration as code: applications, packages, channels, floors, revocations and groups")
@JsonPropertyOrder({"apiVersion", "kind", "applications"})
public record ConfigDocument(
        @Schema(example = API_VERSION) String apiVersion,
        @Schema(example = KIND) String kind,
        List<ApplicationEntry> applications) {

    public static final String API_VERSION = "platte.dev/v1";
    public static final String KIND = "PlatteConfig";

    public ConfigDocument {
        applications = applications == null ? List.of() : applications;
    }

    /**
     * @param appId the Omaha app id nodes send; kept when the application is created, so Flatcar's
     *     well-known id survives; optional, and never used to find the application
     * @param revocations versions withdrawn from every channel of the application
     */
    @JsonPropertyOrder({"name", "productId", "appId", "description", "packages", "channels", "groups", "revocations"})
    public record ApplicationEntry(
            String name,
            String productId,
            UUID appId,
            String description,
            List<PackageRequest> packages,
            List<ChannelEntry> channels,
            List<GroupEntry> groups,
            List<RevocationEntry> revocations) {

        public ApplicationEntry {
            packages = packages == null ? List.of() : packages;
            channels = channels == null ? List.of() : channels;
            groups = groups == null ? List.of() : groups;
            revocations = revocations == null ? List.of() : revocations;
        }
    }

    /**
     * @param packageVersion the version the channel serves (a package for its arch, else one for all)
     * @param floors versions every node of the channel passes through on its way to anything newer
     * @param revocations versions withdrawn from this channel only
     */
    @JsonPropertyOrder({"name", "arch", "package", "floors", "revocations"})
    public record ChannelEntry(
            String name,
            String arch,
            @JsonProperty("package") String packageVersion,
            List<VersionEntry> floors,
            List<VersionEntry> revocations) {

        public ChannelEntry {
            floors = floors == null ? List.of() : floors;
            revocations = revocations == null ? List.of() : revocations;
        }
    }

    /** A version of the channel's arch (or for all arches), and why it is there. */
    @JsonPropertyOrder({"version", "reason"})
    public record VersionEntry(String version, String reason) {}

    /** A package withdrawn from every channel of its application. */
    @JsonPropertyOrder({"version", "arch", "reason"})
    public record RevocationEntry(String version, String arch, String reason) {}

    /**
     * @param channel the name of the channel the group follows, with {@code arch}; absent for none
     * @param policy as in the groups API: absent booleans and durations keep their value, absent limits
     *     mean none
     */
    @JsonPropertyOrder({"name", "description", "track", "channel", "arch", "policy"})
    public record GroupEntry(
            String name, String description, String track, String channel, String arch, PolicyRequest policy) {}
}
