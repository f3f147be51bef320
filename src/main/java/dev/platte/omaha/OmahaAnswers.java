package dev.platte.omaha;

import dev.platte.catalog.UpdatePackage;
import dev.platte.catalog.UpdatePath;
import dev.platte.omaha.protocol.AppRequest;
import dev.platte.omaha.protocol.AppResponse;
import dev.platte.omaha.protocol.AppStatus;
import dev.platte.omaha.protocol.Manifest;
import dev.platte.omaha.protocol.ManifestRole;
import dev.platte.omaha.protocol.PackageFile;
import dev.platte.omaha.protocol.PostinstallAction;
import dev.platte.omaha.protocol.UpdateCheckResponse;
import java.util.ArrayList;
import java.util.List;

/**
 * The one mapping from an outcome to what update_engine reads. Holds and missing packages are
 * {@code noupdate}, never an Omaha error: update_engine reports any error as a failed update.
 */
final class OmahaAnswers {

    private OmahaAnswers() {}

    /** @param pollIntervalSeconds the server-wide default, used unless the node's group sets its own */
    static AppResponse answer(AppRequest request, AppOutcome outcome, Integer pollIntervalSeconds) {
        var status = switch (outcome) {
            case AppOutcome.InvalidAppId ignored -> AppStatus.ERROR_INVALID_APP_ID;
            case AppOutcome.UnknownApplication ignored -> AppStatus.ERROR_UNKNOWN_APPLICATION;
            case AppOutcome.InvalidMachineId ignored -> AppStatus.ERROR_INVALID_MACHINE_ID;
            case AppOutcome.InvalidVersion ignored -> AppStatus.ERROR_INVALID_VERSION;
            case AppOutcome.Acknowledged ignored -> AppStatus.OK;
            case AppOutcome.UpdateAvailable ignored -> AppStatus.OK;
            case AppOutcome.UpdatePathAvailable ignored -> AppStatus.OK;
            case AppOutcome.NoUpdate ignored -> AppStatus.OK;
        };
        if (status != AppStatus.OK) {
            // The client's mistake: nothing of the app was recorded, so nothing is acknowledged either.
            return AppResponse.failed(request.appId(), status);
        }
        var updateCheck = switch (outcome) {
            case AppOutcome.UpdateAvailable update -> UpdateCheckResponse.ok(manifest(update.pkg()));
            case AppOutcome.UpdatePathAvailable path -> UpdateCheckResponse.okMultiManifest(manifests(path.path()));
            default -> UpdateCheckResponse.noUpdate();
        };
        var groupPollInterval = switch (outcome) {
            case AppOutcome.UpdateAvailable update -> update.pollInterval();
            case AppOutcome.UpdatePathAvailable path -> path.pollInterval();
            case AppOutcome.NoUpdate noUpdate -> noUpdate.pollInterval();
            default -> null;
        };
        var pollInterval = groupPollInterval != null ? groupPollInterval : pollIntervalSeconds;
        if (pollInterval != null) {
            updateCheck = updateCheck.withPollInterval(pollInterval);
        }
        return new AppResponse(
                request.appId(),
                status,
                request.ping(),
                request.updateCheck() ? updateCheck : null,
                request.events().size());
    }

    /** Floors carry {@code is_floor} and their reason, the last step {@code is_target}. */
    static List<Manifest> manifests(UpdatePath path) {
        return path.steps().stream().map(step -> {
            var role = step.floor() && step.target()
                    ? ManifestRole.floorAndTarget(step.floorReason())
                    : step.floor() ? ManifestRole.floor(step.floorReason()) : ManifestRole.target();
            return manifest(step.pkg()).withRole(role);
        }).toList();
    }

    static Manifest manifest(UpdatePackage pkg) {
        var files = new ArrayList<PackageFile>();
        files.add(new PackageFile(pkg.fileName(), pkg.size(), pkg.sha1(), null, true));
        for (var extra : pkg.extraFiles()) {
            files.add(new PackageFile(extra.name(), extra.size(), extra.sha1(), extra.sha256Hex(), false));
        }
        return new Manifest(pkg.codebaseUrl(), pkg.version(), files, new PostinstallAction(pkg.sha256()));
    }
}
