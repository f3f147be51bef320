package dev.platte.admin.api;

import dev.platte.catalog.Application;
import dev.platte.payload.PayloadAccessService;
import dev.platte.payload.PayloadCredential;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Instant;
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
@Tag(name = "Payload credentials", description = "HTTP Basic credentials nodes need to download an application's "
        + "hosted payloads (DOWNLOAD_USER / DOWNLOAD_PASSWORD in update.conf).")
@RequestMapping("/api/v1/apps/{app}")
class PayloadAccessApiController {

    private final PayloadAccessService access;

    PayloadAccessApiController(PayloadAccessService access) {
        this.access = access;
    }

    /** @param name the DOWNLOAD_USER; {@code revokedAt} null while it works */
    record CredentialView(UUID id, String name, String createdBy, Instant createdAt, Instant revokedAt) {
        static CredentialView of(PayloadCredential c) {
            return new CredentialView(c.id(), c.name(), c.createdBy(), c.createdAt(), c.revokedAt());
        }
    }

    /** @param secret the DOWNLOAD_PASSWORD, shown this once */
    record IssuedCredentialView(CredentialView credential, String secret) {}

    record PayloadAccessView(boolean credentialsRequired, List<CredentialView> credentials) {}

    record PayloadAccessRequest(@NotNull Boolean credentialsRequired) {}

    record CreateCredentialRequest(@NotBlank @Size(max = 100) String name) {}

    @GetMapping("/payload-access")
    PayloadAccessView get(Application app) {
        var id = app.id();
        return new PayloadAccessView(access.requiresCredentials(id),
                access.credentials(id).stream().map(CredentialView::of).toList());
    }

    @Operation(summary = "Require (or stop requiring) credentials on the application's hosted payloads")
    @PutMapping("/payload-access")
    PayloadAccessView update(Application app, @Valid @RequestBody PayloadAccessRequest request) {
        access.requireCredentials(app.id(), request.credentialsRequired());
        return get(app);
    }

    @GetMapping("/payload-credentials")
    List<CredentialView> credentials(Application app) {
        return access.credentials(app.id()).stream().map(CredentialView::of).toList();
    }

    @Operation(summary = "A new named credential; its secret is in this answer only")
    @PostMapping("/payload-credentials")
    ResponseEntity<IssuedCredentialView> create(Application app,
            @Valid @RequestBody CreateCredentialRequest request) {
        var issued = access.createCredential(app.id(), request.name());
        return ResponseEntity.status(201)
                .body(new IssuedCredentialView(CredentialView.of(issued.credential()), issued.secret()));
    }

    @Operation(summary = "Revoke a credential: downloads with it are refused from now on")
    @DeleteMapping("/payload-credentials/{id}")
    CredentialView revoke(Application app, @PathVariable UUID id) {
        return CredentialView.of(access.revokeCredential(app.id(), id));
    }
}
