package dev.platte.admin.declarative;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.platte.admin.api.ApiRequests.GateRequest;
import dev.platte.admin.api.ApiRequests.PackageRequest;
import dev.platte.admin.api.ApiRequests.PolicyRequest;
import io.swagger.v3.oas.annotations.media.Schema;
import dev.platte.notification.NotificationType;
import dev.platte.notification.WebhookFormat;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Applications with their catalog, rollout policy, health gates and notifications as a versioned document,
 * for git. Objects are named by natural keys (application by product id or name, package by version and
 * arch, channel by name and arch, group by name, gate by name within its group, webhook and reboot group by
 * name), never by database ids, so one document can configure several servers.
 * Packages, group policies and gates are the API's own request bodies, checked by the same rules.
 * Secrets are never in a document, only references to where the server reads them.
 */
@Schema(description = "Configuration as code: applications, packages, channels, floors, revocations, groups with "
        + "their gates and alert matchers, webhooks (secrets by reference) and reboot groups")
@JsonPropertyOrder({"apiVersion", "kind", "applications", "webhooks", "rebootGroups"})
public record ConfigDocument(
        @Schema(example = API_VERSION) String apiVersion,
        @Schema(example = KIND) String kind,
        List<ApplicationEntry> applications,
        @Schema(description = "Webhooks for every application's events; absent: left alone, present (even empty): "
                + "exactly these (with prune)") List<WebhookEntry> webhooks,
        @Schema(description = "FleetLock reboot groups an admin configures; absent: left alone, present (even "
                + "empty): exactly these (with prune)") List<RebootGroupEntry> rebootGroups) {

    public static final String API_VERSION = "platte.dev/v1";
    public static final String KIND = "PlatteConfig";

    public ConfigDocument(String apiVersion, String kind, List<ApplicationEntry> applications) {
        this(apiVersion, kind, applications, null, null);
    }

    public ConfigDocument {
        applications = applications == null ? List.of() : applications;
    }

    /**
     * @param appId the Omaha app id nodes send; kept when the application is created, so Flatcar's
     *     well-known id survives; optional, and never used to find the application
     * @param revocations versions withdrawn from every channel of the application
     * @param credentialsRequired whether nodes need payload credentials to download its hosted payloads (the
     *     credentials themselves are secrets, issued through the API); absent: left as it is
     * @param webhooks webhooks for this application's events only (or one of its groups')
     */
    @JsonPropertyOrder({"name", "productId", "appId", "description", "credentialsRequired", "packages", "channels",
            "groups", "revocations", "webhooks"})
    public record ApplicationEntry(
            String name,
            String productId,
            UUID appId,
            String description,
            Boolean credentialsRequired,
            List<PackageRequest> packages,
            List<ChannelEntry> channels,
            List<GroupEntry> groups,
            List<RevocationEntry> revocations,
            List<WebhookEntry> webhooks) {

        public ApplicationEntry {
            packages = packages == null ? List.of() : packages;
            channels = channels == null ? List.of() : channels;
            groups = groups == null ? List.of() : groups;
            revocations = revocations == null ? List.of() : revocations;
            webhooks = webhooks == null ? List.of() : webhooks;
        }

        public ApplicationEntry(String name, String productId, UUID appId, String description,
                List<PackageRequest> packages, List<ChannelEntry> channels, List<GroupEntry> groups,
                List<RevocationEntry> revocations) {
            this(name, productId, appId, description, null, packages, channels, groups, revocations, null);
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
     * @param gates the group's health gates, as the gates API takes them, matched by name
     * @param alerts which Alertmanager alerts pause the group; absent: left as it is
     */
    @JsonPropertyOrder({"name", "description", "track", "channel", "arch", "policy", "gates", "alerts"})
    public record GroupEntry(
            String name, String description, String track, String channel, String arch, PolicyRequest policy,
            List<GateRequest> gates, AlertsEntry alerts) {

        public GroupEntry {
            gates = gates == null ? List.of() : gates;
        }

        public GroupEntry(String name, String description, String track, String channel, String arch,
                PolicyRequest policy) {
            this(name, description, track, channel, arch, policy, null, null);
        }
    }

    /**
     * @param matchers labels an alert must all have, with these values; empty: {@code platte_group: <group name>}
     * @param resumeOnResolve a resolved alert resumes the group it paused
     */
    @JsonPropertyOrder({"matchers", "resumeOnResolve"})
    public record AlertsEntry(Map<String, String> matchers, boolean resumeOnResolve) {

        public AlertsEntry {
            matchers = matchers == null ? Map.of() : new TreeMap<>(matchers);
        }
    }

    /**
     * A webhook, matched by name (unique on the server). Its secret is never in a document: {@code secretRef}
     * says where the server reads it when the document is applied.
     *
     * @param group at an application only: events of this group of the application only
     * @param events event types, e.g. {@code group.paused}
     */
    @JsonPropertyOrder({"name", "url", "format", "events", "group", "enabled", "secretRef"})
    public record WebhookEntry(
            String name,
            String url,
            WebhookFormat format,
            List<NotificationType> events,
            String group,
            Boolean enabled,
            SecretRef secretRef) {

        public WebhookEntry {
            events = events == null ? List.of() : events;
        }
    }

    /**
     * Where the server reads a secret when a document is applied: exactly one of an environment variable
     * (named {@code PLATTE_SECRET_*}), a property ({@code platte.config.secrets.*}) or a file (under
     * {@code platte.config.secrets-dir}, e.g. a mounted Kubernetes Secret). The limits keep a document from
     * naming any other secret of the server (its database password, say) as a webhook's signing key.
     */
    @JsonPropertyOrder({"env", "property", "file"})
    public record SecretRef(String env, String property, String file) {}

    /**
     * A FleetLock reboot group an admin configures, matched by name; absent fields take their defaults.
     *
     * @param tie {@code track} (default), {@code group} or {@code none}
     * @param tiedGroup with tie {@code group}: the Platte group it follows
     * @param maxHold a holder is released by itself after this long; absent: never
     */
    @JsonPropertyOrder({"name", "slots", "tie", "tiedGroup", "maxHold", "windowsOnly"})
    public record RebootGroupEntry(String name, Integer slots, String tie, GroupReference tiedGroup,
            Duration maxHold, Boolean windowsOnly) {}

    /** A group by natural keys: its application (product id, else name) and its name there. */
    @JsonPropertyOrder({"application", "group"})
    public record GroupReference(String application, String group) {}
}
