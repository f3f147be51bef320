package dev.platte.admin.api;

import dev.platte.catalog.Arch;
import dev.platte.catalog.ExtraFile;
import dev.platte.catalog.PackageContent;
import dev.platte.catalog.PackageType;
import dev.platte.rollout.GroupSpec;
import dev.platte.rollout.UpdateGroup;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/** The JSON bodies the API accepts; shape is checked here, domain rules in the services. */
final class ApiRequests {

    private ApiRequests() {}

    record ApplicationRequest(
            UUID id,
            @NotBlank @Size(max = 100) String name,
            @Size(max = 10_000) String description,
            @Size(max = 155) String productId) {}

    record ExtraFileRequest(
            @NotBlank @Size(max = 255) String name,
            @Positive long size,
            @NotBlank String sha1,
            @NotBlank String sha256Hex) {}

    record PackageRequest(
            @NotBlank @Size(max = 255) String version,
            @NotNull @Pattern(regexp = "amd64|arm64|all", message = "must be one of amd64, arm64, all") String arch,
            @Pattern(regexp = "flatcar|other", message = "must be one of flatcar, other") String type,
            @NotBlank @Size(max = 1024) String codebaseUrl,
            @NotBlank @Size(max = 255) String fileName,
            @Positive long size,
            @NotBlank String sha1,
            @NotBlank String sha256,
            @Size(max = 10_000) String description,
            List<@Valid ExtraFileRequest> extraFiles) {

        PackageContent toContent() {
            var files = extraFiles == null
                    ? List.<ExtraFile>of()
                    : extraFiles.stream().map(f -> new ExtraFile(f.name(), f.size(), f.sha1(), f.sha256Hex())).toList();
            return new PackageContent(version, Arch.fromWireName(arch),
                    type == null ? PackageType.FLATCAR : PackageType.fromWireName(type), codebaseUrl, fileName, size,
                    sha1, sha256, description, files);
        }
    }

    record ChannelRequest(
            @NotBlank @Size(max = 50) String name,
            @NotNull @Pattern(regexp = "amd64|arm64", message = "must be one of amd64, arm64") String arch,
            UUID packageId) {}

    record PromotionRequest(@NotNull UUID packageId) {}

    record PolicyRequest(
            Boolean updatesEnabled,
            Boolean safeMode,
            @Positive Integer maxUpdatesPerPeriod,
            Duration updatePeriod,
            Duration updateTimeout) {

        UpdateGroup.PolicySettings merge(UpdateGroup.PolicySettings current) {
            return new UpdateGroup.PolicySettings(
                    updatesEnabled == null ? current.updatesEnabled() : updatesEnabled,
                    safeMode == null ? current.safeMode() : safeMode,
                    maxUpdatesPerPeriod,
                    updatePeriod == null ? current.updatePeriod() : updatePeriod,
                    updateTimeout == null ? current.updateTimeout() : updateTimeout);
        }
    }

    record GroupRequest(
            @NotBlank @Size(max = 100) String name,
            @Size(max = 10_000) String description,
            @NotBlank @Size(max = 256) String track,
            UUID channelId,
            @Valid PolicyRequest policy) {

        GroupSpec toSpec(UpdateGroup.PolicySettings current) {
            return new GroupSpec(name, description, track, channelId, policy == null ? null : policy.merge(current));
        }
    }

    record PauseRequest(@NotBlank @Size(max = 1000) String reason) {}
}
