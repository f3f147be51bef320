package dev.platte.support;

import com.fasterxml.jackson.annotation.JsonValue;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Typed bodies for the admin API, as a script would send them: {@code group("Stable").track(track)
 * .channel(channelId).policy(policy().safeMode().maxUpdatesPerPeriod(10))}. A field never set is left out of
 * the JSON, as a client leaving it out would. Tests of malformed input start from {@link Body#asMap()} and
 * break it on purpose. A builder is mutable: each setter changes it and returns it.
 */
public final class Requests {

    private Requests() {}

    public static ApplicationBuilder application(String name) {
        return new ApplicationBuilder().set("name", name);
    }

    /** A Flatcar amd64 package of {@code version} with valid-shaped digests and the OEM extensions nodes ask for. */
    public static PackageBuilder pkg(String version) {
        return new PackageBuilder()
                .set("version", version)
                .set("arch", "amd64")
                .set("type", "flatcar")
                .set("codebaseUrl", "https://updates.example.com/amd64-usr/" + version + "/")
                .set("fileName", "flatcar_production_update.gz")
                .set("size", 479970432L)
                .set("sha1", ApiFixture.SHA1)
                .set("sha256", ApiFixture.SHA256)
                // OmahaRequests' nodes report OEM ami: shipping its extension keeps them clear of the guard.
                .extraFiles(extraFile("oem-azure.gz", 40897503L), extraFile("oem-ami.gz", 2282L));
    }

    /** An extra file with valid-shaped digests. */
    public static Map<String, Object> extraFile(String name, long size) {
        return extraFile(name, size, ApiFixture.SHA256_HEX);
    }

    public static Map<String, Object> extraFile(String name, long size, String sha256Hex) {
        return Map.of("name", name, "size", size, "sha1", ApiFixture.SHA1, "sha256Hex", sha256Hex);
    }

    /** An amd64 channel. */
    public static ChannelBuilder channel(String name) {
        return new ChannelBuilder().set("name", name).set("arch", "amd64");
    }

    public static GroupBuilder group(String name) {
        return new GroupBuilder().set("name", name);
    }

    /** A policy that sets nothing: every setting absent. */
    public static PolicyBuilder policy() {
        return new PolicyBuilder();
    }

    /** A weekly maintenance window. */
    public static Map<String, Object> window(List<DayOfWeek> days, LocalTime start, LocalTime end, String timeZone) {
        return Map.of("days", days.stream().map(DayOfWeek::name).toList(), "start", start.toString(),
                "end", end.toString(), "timeZone", timeZone);
    }

    /** The JSON object a builder has built so far; it serializes as exactly that object. */
    public abstract static class Body<B extends Body<B>> {

        private final Map<String, Object> body = new LinkedHashMap<>();

        @SuppressWarnings("unchecked")
        B set(String field, Object value) {
            body.put(field, value);
            return (B) this;
        }

        /** A copy to break on purpose (hostile-input tests). */
        public Map<String, Object> asMap() {
            return new LinkedHashMap<>(body);
        }

        @JsonValue
        Map<String, Object> json() {
            return body;
        }
    }

    public static final class ApplicationBuilder extends Body<ApplicationBuilder> {

        public ApplicationBuilder id(String id) {
            return set("id", id);
        }

        public ApplicationBuilder description(String description) {
            return set("description", description);
        }

        public ApplicationBuilder productId(String productId) {
            return set("productId", productId);
        }
    }

    public static final class PackageBuilder extends Body<PackageBuilder> {

        public PackageBuilder arch(String arch) {
            return set("arch", arch);
        }

        public PackageBuilder description(String description) {
            return set("description", description);
        }

        /** Exactly these extra files (none: an empty list). */
        @SafeVarargs
        public final PackageBuilder extraFiles(Map<String, Object>... files) {
            return set("extraFiles", List.of(files));
        }

        /** Extra files named {@code names}, with valid-shaped digests. */
        public PackageBuilder extraFilesNamed(String... names) {
            var files = new ArrayList<Map<String, Object>>();
            for (var name : names) {
                files.add(extraFile(name, 2282L));
            }
            return set("extraFiles", files);
        }
    }

    public static final class ChannelBuilder extends Body<ChannelBuilder> {

        public ChannelBuilder arch(String arch) {
            return set("arch", arch);
        }

        /** The package the channel serves. */
        public ChannelBuilder pkg(String packageId) {
            return set("packageId", packageId);
        }
    }

    public static final class GroupBuilder extends Body<GroupBuilder> {

        public GroupBuilder description(String description) {
            return set("description", description);
        }

        public GroupBuilder track(String track) {
            return set("track", track);
        }

        public GroupBuilder channel(String channelId) {
            return set("channelId", channelId);
        }

        /** The group's policy; {@code null} sends none (the defaults). */
        public GroupBuilder policy(@Nullable PolicyBuilder policy) {
            return policy == null ? this : set("policy", policy);
        }
    }

    public static final class PolicyBuilder extends Body<PolicyBuilder> {

        public PolicyBuilder updatesEnabled(boolean enabled) {
            return set("updatesEnabled", enabled);
        }

        public PolicyBuilder safeMode() {
            return set("safeMode", true);
        }

        public PolicyBuilder maxUpdatesPerPeriod(int updates) {
            return set("maxUpdatesPerPeriod", updates);
        }

        public PolicyBuilder updatePeriod(Duration period) {
            return set("updatePeriod", period.toString());
        }

        /** At most {@code updates} grants per {@code period}. */
        public PolicyBuilder maxUpdates(int updates, Duration period) {
            return maxUpdatesPerPeriod(updates).updatePeriod(period);
        }

        public PolicyBuilder maxConcurrentUpdates(int updates) {
            return set("maxConcurrentUpdates", updates);
        }

        public PolicyBuilder updateTimeout(Duration timeout) {
            return set("updateTimeout", timeout.toString());
        }

        public PolicyBuilder pollIntervalSeconds(int seconds) {
            return set("pollIntervalSeconds", seconds);
        }

        public PolicyBuilder ramp(int startPercent, Duration duration) {
            return set("ramp", Map.of("startPercent", startPercent, "duration", duration.toString()));
        }

        /** Pause by itself after {@code failures} failures. */
        public PolicyBuilder autoHaltAfter(int failures) {
            return set("autoHalt", Map.of("failureCount", failures));
        }

        /** Pause by itself once {@code failurePercent} of at least {@code minAttempts} attempts failed. */
        public PolicyBuilder autoHaltAtPercent(int failurePercent, int minAttempts) {
            return set("autoHalt", Map.of("failurePercent", failurePercent, "minAttempts", minAttempts));
        }

        public PolicyBuilder autoHalt(int failureCount, int failurePercent, int minAttempts) {
            return set("autoHalt",
                    Map.of("failureCount", failureCount, "failurePercent", failurePercent, "minAttempts", minAttempts));
        }

        @SafeVarargs
        public final PolicyBuilder maintenanceWindows(Map<String, Object>... windows) {
            return set("maintenanceWindows", List.of(windows));
        }

        public PolicyBuilder holdMissingExtension(boolean hold) {
            return set("holdMissingExtension", hold);
        }

        /** A wave after {@code group} (its id or name). */
        public PolicyBuilder follows(String group) {
            return set("follows", group);
        }

        public PolicyBuilder waveCompletionPercent(int percent) {
            return set("waveCompletionPercent", percent);
        }

        public PolicyBuilder waveSoak(Duration soak) {
            return set("waveSoak", soak.toString());
        }
    }
}
