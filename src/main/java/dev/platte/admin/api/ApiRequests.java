package dev.platte.admin.api;

import dev.platte.catalog.Arch;
import dev.platte.catalog.Architecture;
import dev.platte.catalog.ExtraFile;
import dev.platte.catalog.PackageContent;
import dev.platte.catalog.PackageType;
import dev.platte.common.InvalidInputException;
import dev.platte.common.SemanticVersion;
import dev.platte.gate.GateSettings;
import dev.platte.gate.UnknownBehaviour;
import dev.platte.rollout.GroupRules;
import dev.platte.rollout.GroupRules.Percent;
import dev.platte.rollout.GroupRules.PollInterval;
import dev.platte.rollout.GroupRules.PositiveDuration;
import dev.platte.rollout.GroupSpec;
import dev.platte.rollout.UpdateGroup;
import dev.platte.rollout.policy.AutoHalt;
import dev.platte.rollout.policy.MaintenanceWindow;
import dev.platte.rollout.policy.Ramp;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.List;
import java.util.UUID;

/**
 * The JSON bodies the API accepts; shape is checked here, domain rules in the services. Public for the
 * configuration documents ({@code admin.declarative}), whose entries are checked by the same records.
 */
public final class ApiRequests {

    private ApiRequests() {}

    public record ApplicationRequest(
            UUID id,
            @NotBlank @Size(max = 100) String name,
            @Size(max = 10_000) String description,
            @Size(max = 155) String productId) {}

    public record ExtraFileRequest(
            @NotBlank @Size(max = 255) String name,
            @Positive long size,
            @NotBlank String sha1,
            @NotBlank String sha256Hex) {}

    @Schema(description = "A package: where update_engine downloads the payload and how it verifies it")
    public record PackageRequest(
            @NotBlank @Size(max = 255) @SemanticVersion String version,
            @NotNull @Architecture String arch,
            @Pattern(regexp = "flatcar|other", message = "must be one of flatcar, other") String type,
            @NotBlank @Size(max = 1024) String codebaseUrl,
            @NotBlank @Size(max = 255) String fileName,
            @Positive long size,
            @NotBlank String sha1,
            @NotBlank String sha256,
            @Size(max = 10_000) String description,
            List<@Valid ExtraFileRequest> extraFiles) {

        public PackageContent toContent() {
            var files = extraFiles == null
                    ? List.<ExtraFile>of()
                    : extraFiles.stream().map(f -> new ExtraFile(f.name(), f.size(), f.sha1(), f.sha256Hex())).toList();
            return new PackageContent(version, Arch.fromWireName(arch),
                    type == null ? PackageType.FLATCAR : PackageType.fromWireName(type), codebaseUrl, fileName, size,
                    sha1, sha256, description, files);
        }
    }

    public record ChannelRequest(
            @NotBlank @Size(max = 50) String name,
            @NotNull @Architecture(servable = true) String arch,
            UUID packageId) {}

    record PromotionRequest(@NotNull UUID packageId) {}

    @Schema(description = "Roll the channel back to an older, non-revoked package of its arch")
    record RollbackRequest(
            @Schema(description = "The older package to serve") @NotNull UUID packageId,
            @Schema(description = "Why: kept in the activity, audit and notifications") @NotBlank @Size(max = 1000)
            String reason) {}

    @Schema(description = "Revoke this version and roll back the channels that serve it, in one transaction")
    record RevokeAndRollBackRequest(
            @NotBlank @Size(max = 1000) String reason,
            @Schema(description = "Revoke from this channel only; absent: from every channel") UUID channelId,
            @Schema(description = "The package to roll back to; absent: each channel's newest older non-revoked package")
            UUID toPackageId) {}

    @Schema(description = "Staged rollout: the eligible share grows from startPercent to 100% over duration")
    public record RampRequest(
            @NotNull @Percent(min = Ramp.MIN_START_PERCENT) Integer startPercent,
            @NotNull @PositiveDuration Duration duration) {}

    @Schema(description = "Pause the group by itself at failureCount failures, or failurePercent once minAttempts tried")
    public record AutoHaltRequest(
            @Positive Integer failureCount,
            @Percent(min = AutoHalt.MIN_FAILURE_PERCENT) Integer failurePercent,
            @Positive Integer minAttempts) {}

    @Schema(description = "A weekly maintenance window in an IANA time zone; end before start runs past midnight")
    public record WindowRequest(
            @NotEmpty List<@NotNull DayOfWeek> days,
            @NotNull LocalTime start,
            @NotNull LocalTime end,
            @NotBlank String timeZone) {}

    /**
     * A group's policy. Absent booleans and durations keep their current value; absent limits, ramp,
     * auto-halt and windows mean "none".
     */
    public record PolicyRequest(
            Boolean updatesEnabled,
            Boolean safeMode,
            @Positive Integer maxUpdatesPerPeriod,
            @PositiveDuration Duration updatePeriod,
            @Positive Integer maxConcurrentUpdates,
            @PositiveDuration Duration updateTimeout,
            @PollInterval Integer pollIntervalSeconds,
            @Valid RampRequest ramp,
            @Valid AutoHaltRequest autoHalt,
            List<@Valid WindowRequest> maintenanceWindows,
            @Schema(description = "Hold nodes whose oem-<OEM>.gz the target lacks (reason missing_extension); default true")
            Boolean holdMissingExtension,
            @Schema(description = "Make the group a wave: the id or name of the group (same application) it follows."
                    + " It rolls out a version only after that group has, to waveCompletionPercent of its active"
                    + " nodes, unpaused, with no gate breached, for waveSoak; until then nodes are held"
                    + " (waiting_for_wave). Absent: no wave")
            @Size(max = 100) String follows,
            @Schema(description = "With follows: the share of the previous wave's active nodes that must run the"
                    + " version; default 100")
            @Percent(min = GroupRules.MIN_WAVE_COMPLETION_PERCENT) Integer waveCompletionPercent,
            @Schema(description = "With follows: how long the previous wave must stay at that share, healthy; default PT0S")
            Duration waveSoak) {

        /** Without wave settings (a group that follows no other). */
        public PolicyRequest(Boolean updatesEnabled, Boolean safeMode, Integer maxUpdatesPerPeriod,
                Duration updatePeriod, Integer maxConcurrentUpdates, Duration updateTimeout,
                Integer pollIntervalSeconds, RampRequest ramp, AutoHaltRequest autoHalt,
                List<WindowRequest> maintenanceWindows, Boolean holdMissingExtension) {
            this(updatesEnabled, safeMode, maxUpdatesPerPeriod, updatePeriod, maxConcurrentUpdates, updateTimeout,
                    pollIntervalSeconds, ramp, autoHalt, maintenanceWindows, holdMissingExtension, null, null, null);
        }

        public UpdateGroup.PolicySettings merge(UpdateGroup.PolicySettings current) {
            return new UpdateGroup.PolicySettings(
                    updatesEnabled == null ? current.updatesEnabled() : updatesEnabled,
                    safeMode == null ? current.safeMode() : safeMode,
                    maxUpdatesPerPeriod,
                    updatePeriod == null ? current.updatePeriod() : updatePeriod,
                    maxConcurrentUpdates,
                    updateTimeout == null ? current.updateTimeout() : updateTimeout,
                    pollIntervalSeconds,
                    ramp == null ? null : new Ramp(ramp.startPercent(), ramp.duration()),
                    autoHalt == null ? null : autoHalt(autoHalt),
                    maintenanceWindows == null ? List.of() : windows(maintenanceWindows),
                    holdMissingExtension == null ? current.holdMissingExtension() : holdMissingExtension,
                    wave());
        }

        private UpdateGroup.Wave wave() {
            if (follows == null || follows.isBlank()) {
                if (waveCompletionPercent != null || waveSoak != null) {
                    throw new InvalidInputException("policy.follows",
                            "name the group this wave follows, or leave out waveCompletionPercent and waveSoak");
                }
                return null;
            }
            return UpdateGroup.Wave.of(follows, waveCompletionPercent, waveSoak);
        }

        /**
         * The request that {@link #merge merges} into exactly {@code settings}: its inverse, kept next to it so that
         * a new policy setting is added to both at once (configuration export reads groups through it).
         */
        public static PolicyRequest of(UpdateGroup.PolicySettings settings) {
            var ramp = settings.ramp();
            var halt = settings.autoHalt();
            return new PolicyRequest(settings.updatesEnabled(), settings.safeMode(), settings.maxUpdatesPerPeriod(),
                    settings.updatePeriod(), settings.maxConcurrentUpdates(), settings.updateTimeout(),
                    settings.pollIntervalSeconds(),
                    ramp == null ? null : new RampRequest(ramp.startPercent(), ramp.duration()),
                    halt == null ? null : new AutoHaltRequest(halt.failureCount(), halt.failurePercent(),
                            halt.minAttempts()),
                    settings.windows().stream()
                            .map(w -> new WindowRequest(w.days().stream().sorted().toList(), w.start(), w.end(),
                                    w.zone().getId()))
                            .toList(),
                    settings.holdMissingExtension(),
                    settings.wave() == null ? null : settings.wave().follows(),
                    settings.wave() == null ? null : settings.wave().completionPercent(),
                    settings.wave() == null ? null : settings.wave().soak());
        }

        private static AutoHalt autoHalt(AutoHaltRequest halt) {
            if (halt.failureCount() == null && halt.failurePercent() == null) {
                throw new InvalidInputException("policy.autoHalt", "set failureCount, failurePercent or both");
            }
            return AutoHalt.of(halt.failureCount(), halt.failurePercent(), halt.minAttempts());
        }

        private static List<MaintenanceWindow> windows(List<WindowRequest> windows) {
            var result = new java.util.ArrayList<MaintenanceWindow>();
            for (int i = 0; i < windows.size(); i++) {
                var window = windows.get(i);
                ZoneId zone;
                try {
                    zone = ZoneId.of(window.timeZone());
                } catch (DateTimeException e) {
                    throw new InvalidInputException("policy.maintenanceWindows[" + i + "].timeZone",
                            "must be an IANA time zone such as Europe/Berlin");
                }
                result.add(new MaintenanceWindow(EnumSet.copyOf(window.days()), window.start(), window.end(), zone));
            }
            return result;
        }
    }

    @Schema(description = "A group: the nodes whose update.conf GROUP equals its track, and their rollout policy")
    public record GroupRequest(
            @NotBlank @Size(max = 100) String name,
            @Size(max = 10_000) String description,
            @NotBlank @Size(max = 256) String track,
            UUID channelId,
            @Valid PolicyRequest policy) {

        public GroupSpec toSpec(UpdateGroup.PolicySettings current) {
            return new GroupSpec(name, description, track, channelId, policy == null ? null : policy.merge(current));
        }
    }

    @Schema(description = """
            A Prometheus health gate. The query may use {{group}}, {{track}}, {{target_version}} and \
            {{previous_version}} inside PromQL string literals. It breaches when it returns a sample (or one above \
            threshold) for consecutiveEvaluations evaluations in a row, evaluated every interval while the group's \
            rollout runs and for soak after it completed. onUnknown: hold (default: new updates wait with reason \
            gate_unknown while Prometheus cannot answer) or ignore.""")
    public record GateRequest(
            @NotBlank @Size(max = 64) String name,
            @NotBlank @Size(max = 4000) String query,
            Double threshold,
            @Schema(defaultValue = "1") Integer consecutiveEvaluations,
            @Schema(type = "string", example = "PT30S", defaultValue = "PT1M") Duration interval,
            @Schema(type = "string", example = "PT1H", defaultValue = "PT0S") Duration soak,
            @Schema(allowableValues = {"hold", "ignore"}, defaultValue = "hold") String onUnknown,
            @Schema(description = "Another Prometheus than platte.prometheus.url; no credentials are sent to it")
            @Size(max = 2048) String prometheusUrl) {

        /** The settings, with the API's defaults; {@link GateSettings} checks the rules. */
        public GateSettings toSettings() {
            return new GateSettings(name, query, threshold, consecutiveEvaluations == null ? 1 : consecutiveEvaluations,
                    interval == null ? Duration.ofMinutes(1) : interval, soak, unknownBehaviour(onUnknown), prometheusUrl);
        }

        /** Every setting written out, so that the request gives back exactly {@code settings}. */
        public static GateRequest of(GateSettings settings) {
            return new GateRequest(settings.name(), settings.query(), settings.threshold(),
                    settings.consecutiveEvaluations(), settings.interval(), settings.soak(),
                    settings.onUnknown().wireName(), settings.prometheusUrl());
        }

        private static UnknownBehaviour unknownBehaviour(String value) {
            if (value == null || value.isBlank()) {
                return UnknownBehaviour.HOLD;
            }
            return switch (value.strip()) {
                case "hold" -> UnknownBehaviour.HOLD;
                case "ignore" -> UnknownBehaviour.IGNORE;
                default -> throw new InvalidInputException("onUnknown", "must be hold or ignore");
            };
        }
    }

    public record FloorRequest(@NotNull UUID packageId, @Size(max = 1000) String reason) {}

    public record RevocationRequest(@NotBlank @Size(max = 1000) String reason, UUID channelId) {}

    record PauseRequest(@NotBlank @Size(max = 1000) String reason) {}

    record ResumeRequest(@Size(max = 1000) String reason) {}
}
