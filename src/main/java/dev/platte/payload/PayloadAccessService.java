package dev.platte.payload;

import dev.platte.audit.AuditTrail;
import dev.platte.catalog.CatalogService;
import dev.platte.catalog.UpdatePackage;
import dev.platte.common.ConflictException;
import dev.platte.common.InvalidInputException;
import dev.platte.common.NotFoundException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Who may download an application's hosted payloads: nobody needs credentials unless the application
 * requires them; then a request must carry HTTP Basic credentials naming one of its live credentials.
 * Secrets are 256 random bits, so a plain SHA-256 (as for API tokens) is all the storage needs.
 */
@Service
@Transactional
public class PayloadAccessService {

    /** Becomes DOWNLOAD_USER in update.conf and the Basic user name: no colon, nothing to quote. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,100}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final PayloadAccessRepository access;
    private final PayloadCredentialRepository credentials;
    private final CatalogService catalog;
    private final ApplicationEventPublisher publisher;
    private final Clock clock;

    PayloadAccessService(PayloadAccessRepository access, PayloadCredentialRepository credentials, CatalogService catalog,
            ApplicationEventPublisher publisher, Clock clock) {
        this.access = access;
        this.credentials = credentials;
        this.catalog = catalog;
        this.publisher = publisher;
        this.clock = clock;
    }

    /** A new credential and its secret (DOWNLOAD_PASSWORD), which is never shown again. */
    public record IssuedCredential(PayloadCredential credential, String secret) {}

    /** Whether the application's hosted payloads are served only with valid credentials. */
    @Transactional(readOnly = true)
    public boolean requiresCredentials(UUID applicationId) {
        return access.findById(applicationId).map(PayloadAccess::credentialsRequired).orElse(false);
    }

    public void requireCredentials(UUID applicationId, boolean required) {
        var current = access.findById(applicationId).orElse(null);
        var before = current != null && current.credentialsRequired();
        if (current == null) {
            access.save(new PayloadAccess(applicationId, required));
        } else {
            current.require(required);
        }
        if (before != required) {
            publisher.publishEvent(new PayloadAccessChanged(applicationId, required, AuditTrail.currentActor()));
        }
    }

    public IssuedCredential createCredential(UUID applicationId, String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new InvalidInputException("name", "must be 1 to 100 letters, digits, dots, dashes or underscores");
        }
        if (credentials.existsByApplicationIdAndNameAndRevokedAtIsNull(applicationId, name)) {
            throw new ConflictException("a live credential named '" + name + "' already exists");
        }
        var bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        var secret = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        var credential = credentials.save(new PayloadCredential(applicationId, name, hash(secret),
                AuditTrail.currentActor(), clock.instant()));
        publisher.publishEvent(new PayloadCredentialIssued(applicationId, credential.id(), credential.name(),
                snapshot(credential), AuditTrail.currentActor()));
        return new IssuedCredential(credential, secret);
    }

    public PayloadCredential revokeCredential(UUID applicationId, UUID credentialId) {
        var credential = credentials.findByIdAndApplicationId(credentialId, applicationId)
                .orElseThrow(() -> NotFoundException.of("payload credential", credentialId));
        var before = snapshot(credential);
        if (!credential.revoke(clock.instant())) {
            throw new ConflictException("credential '" + credential.name() + "' is already revoked");
        }
        publisher.publishEvent(new PayloadCredentialRevoked(applicationId, credential.id(), credential.name(), before,
                snapshot(credential), AuditTrail.currentActor()));
        return credential;
    }

    /** Newest first, revoked ones included. */
    @Transactional(readOnly = true)
    public List<PayloadCredential> credentials(UUID applicationId) {
        return credentials.findByApplicationIdOrderByCreatedAtDesc(applicationId);
    }

    /**
     * Whether a download of the package's files with this {@code Authorization} header may go ahead: always
     * when its application requires no credentials (or the package is unknown, which answers 404 anyway).
     */
    @Transactional(readOnly = true)
    public boolean admits(UUID packageId, String authorization) {
        var applicationId = catalog.findPackage(packageId).map(UpdatePackage::applicationId).orElse(null);
        if (applicationId == null || !requiresCredentials(applicationId)) {
            return true;
        }
        var basic = BasicCredentials.parse(authorization);
        if (basic == null) {
            return false;
        }
        var expected = credentials.findByApplicationIdAndNameAndRevokedAtIsNull(applicationId, basic.user());
        var offered = hash(basic.password()).getBytes(StandardCharsets.US_ASCII);
        return expected.map(c -> MessageDigest.isEqual(c.secretHash().getBytes(StandardCharsets.US_ASCII), offered))
                .orElse(false);
    }

    private static Map<String, Object> snapshot(PayloadCredential credential) {
        var map = new LinkedHashMap<String, Object>();
        map.put("applicationId", credential.applicationId());
        map.put("name", credential.name());
        map.put("revokedAt", credential.revokedAt());
        return map;
    }

    static String hash(String secret) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** The user and password of an {@code Authorization: Basic} header, or null when it is none. */
    record BasicCredentials(String user, String password) {

        static BasicCredentials parse(String header) {
            if (header == null || header.length() < 6 || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
                return null;
            }
            String decoded;
            try {
                decoded = new String(Base64.getDecoder().decode(header.substring(6).strip()), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                return null;
            }
            var colon = decoded.indexOf(':');
            return colon < 0 ? null : new BasicCredentials(decoded.substring(0, colon), decoded.substring(colon + 1));
        }
    }
}
