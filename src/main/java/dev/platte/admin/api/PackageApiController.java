package dev.platte.admin.api;

import dev.platte.catalog.Application;
import dev.platte.admin.api.ApiRequests.PackageRequest;
import dev.platte.admin.api.ApiRequests.RevocationRequest;
import dev.platte.admin.api.ApiRequests.RevokeAndRollBackRequest;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import dev.platte.admin.api.ApiViews.PackageView;
import dev.platte.admin.api.ApiViews.RevocationView;
import dev.platte.catalog.PackageService;
import dev.platte.catalog.ChannelService;
import dev.platte.common.ConflictException;
import dev.platte.common.InvalidInputException;
import dev.platte.payload.Expected;
import dev.platte.payload.PayloadStore;
import dev.platte.payload.PayloadVerificationException;
import dev.platte.payload.StoredPayload;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import org.springframework.http.MediaType;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.net.URI;
import java.security.Principal;
import java.util.List;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Packages", description = "Versions of an application per arch, their files and hashes, and revocation.")
@RequestMapping("/api/v1/apps/{app}/packages")
class PackageApiController {

    private final PackageService packageService;
    private final ChannelService channelService;
    private final PayloadStore payloads;

    PackageApiController(PackageService packageService, ChannelService channelService, PayloadStore payloads) {
        this.packageService = packageService;
        this.channelService = channelService;
        this.payloads = payloads;
    }

    @GetMapping
    List<PackageView> list(Application app) {
        return packageService.packages(app).stream().map(PackageView::of).toList();
    }

    @GetMapping("/{id}")
    PackageView get(Application app, @PathVariable UUID id) {
        return PackageView.of(packageService.pkg(app, id));
    }

    @PostMapping
    ResponseEntity<PackageView> create(Application app, @Valid @RequestBody PackageRequest request) {
        var created = packageService.createPackage(app, request.toContent());
        return ResponseEntity.created(URI.create("/api/v1/apps/" + created.applicationId() + "/packages/" + created.id()))
                .body(PackageView.of(created));
    }

    @PutMapping("/{id}")
    PackageView update(Application app, @PathVariable UUID id, @Valid @RequestBody PackageRequest request) {
        return PackageView.of(packageService.updatePackage(app, id, request.toContent()));
    }

    /** Withdraws the version from every channel, or from {@code channelId} only; it is never offered there again. */
    @PostMapping("/{id}/revoke")
    ResponseEntity<RevocationView> revoke(Application app, @PathVariable UUID id,
            @Valid @RequestBody RevocationRequest request, Principal principal) {
        var revocation = packageService.revoke(app, id, request.channelId(), request.reason(), principal.getName());
        return ResponseEntity.status(201).body(RevocationView.of(revocation));
    }

    @Operation(summary = "Revoke this version and roll back the channels that serve it",
            description = "One transaction: every channel of the scope that serves the version is rolled back (to "
                    + "toPackageId, else to its newest older non-revoked package), then the version is revoked. Nodes "
                    + "on it are offered the older package as a downgrade, paced by their group's policy.")
    @ApiResponse(responseCode = "201", description = "Revoked and rolled back")
    @ApiResponse(responseCode = "400", description = "No older package to roll back to, or toPackageId is not older, "
            + "revoked or for another arch")
    @ApiResponse(responseCode = "409", description = "No channel of the scope serves the version, or it is a floor")
    @PostMapping("/{id}/revoke-and-roll-back")
    ResponseEntity<RevocationView> revokeAndRollBack(Application app, @PathVariable UUID id,
            @Valid @RequestBody RevokeAndRollBackRequest request, Principal principal) {
        var revocation = channelService.revokeAndRollBack(app, id, request.channelId(), request.toPackageId(),
                request.reason(), principal.getName());
        return ResponseEntity.status(201).body(RevocationView.of(revocation));
    }

    /**
     * Uploads one file of the package (its payload or an extra file) to this server, streamed to disk;
     * Platte computes and records its size and digests, and serves it under {@code /payloads/}.
     */
    @PutMapping(path = "/{id}/files/{fileName}", consumes = MediaType.ALL_VALUE)
    PackageView upload(Application app, @PathVariable UUID id, @PathVariable String fileName,
            HttpServletRequest request) throws IOException {
        var pkg = packageService.pkg(app, id);
        if (!payloads.enabled()) {
            throw new ConflictException("payload hosting is off: set platte.payloads.directory");
        }
        var known = pkg.fileName().equals(fileName)
                || pkg.extraFiles().stream().anyMatch(file -> file.name().equals(fileName));
        if (!known) {
            throw new InvalidInputException("fileName", "is neither the package's payload nor one of its extra files");
        }
        StoredPayload stored;
        try {
            stored = payloads.store(pkg.id(), fileName, request.getInputStream(), Expected.nothing());
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("fileName", "must be a plain file name");
        } catch (PayloadVerificationException e) {
            throw new InvalidInputException("body", e.getMessage());
        }
        try {
            return PackageView.of(packageService.recordHostedFile(pkg.id(), fileName, stored.size(), stored.sha1Base64(),
                    stored.sha256Base64(), stored.sha256Hex(), payloads.codebaseFor(pkg.id())));
        } catch (RuntimeException e) {
            // The package did not take the file: it must not be served either.
            payloads.delete(pkg.id(), fileName);
            throw e;
        }
    }

    @GetMapping("/{id}/revocations")
    List<RevocationView> revocations(Application app, @PathVariable UUID id) {
        return packageService.revocations(app, id).stream().map(RevocationView::of).toList();
    }

    @DeleteMapping("/{id}")
    ResponseEntity<Void> delete(Application app, @PathVariable UUID id) {
        packageService.deletePackage(app, id);
        return ResponseEntity.noContent().build();
    }
}
