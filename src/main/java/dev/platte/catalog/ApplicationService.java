package dev.platte.catalog;

import dev.platte.audit.AuditTrail;
import dev.platte.common.ConflictException;
import dev.platte.common.InvalidInputException;
import dev.platte.common.NotFoundException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Applications: what Platte serves updates for, named by UUID or product id. */
@Service
@Transactional
public class ApplicationService {

    private static final Pattern PRODUCT_ID = Pattern.compile("[A-Za-z][A-Za-z0-9_-]*(\\.[A-Za-z0-9_-]+)+");

    private final ApplicationRepository applications;
    private final PackageRepository packages;
    private final ApplicationEventPublisher publisher;
    private final Clock clock;

    ApplicationService(ApplicationRepository applications, PackageRepository packages,
            ApplicationEventPublisher publisher, Clock clock) {
        this.applications = applications;
        this.packages = packages;
        this.publisher = publisher;
        this.clock = clock;
    }

    @Transactional(readOnly = true)
    public List<Application> applications() {
        return applications.findAllByOrderByName();
    }

    /** Finds an application by its UUID or its product id, as admins name it in API paths. */
    @Transactional(readOnly = true)
    public Application application(String reference) {
        return findApplication(reference).orElseThrow(() -> NotFoundException.of("application", reference));
    }

    @Transactional(readOnly = true)
    public Application application(UUID id) {
        return applications.findById(id).orElseThrow(() -> NotFoundException.of("application", id));
    }

    /**
     * Finds the application an Omaha {@code appid} names: a UUID with or without braces in any letter
     * case, or a product id in any letter case.
     */
    @Transactional(readOnly = true)
    public Optional<Application> findApplication(String reference) {
        var id = parseAppId(reference);
        if (id.isPresent()) {
            return applications.findById(id.get());
        }
        var trimmed = reference == null ? "" : reference.strip();
        return isProductId(trimmed) ? applications.findByProductIdIgnoreCase(trimmed) : Optional.empty();
    }

    /** An Omaha app id as a UUID, if it is one: blanks and one pair of braces are ignored. */
    public static Optional<UUID> parseAppId(String appId) {
        if (appId == null) {
            return Optional.empty();
        }
        var value = appId.strip();
        if (value.startsWith("{") && value.endsWith("}")) {
            value = value.substring(1, value.length() - 1).strip();
        }
        if (value.length() != 36) {
            return Optional.empty();
        }
        try {
            return Optional.of(UUID.fromString(value));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    public static boolean isProductId(String value) {
        return value != null && value.length() <= 155 && PRODUCT_ID.matcher(value).matches();
    }

    public Application createApplication(UUID id, String name, String description, String productId) {
        checkProductId(productId);
        if (id != null && applications.existsById(id)) {
            throw new ConflictException("an application with id " + id + " already exists");
        }
        if (applications.existsByName(name)) {
            throw new ConflictException("an application named '" + name + "' already exists");
        }
        checkProductIdFree(productId, null);
        var application = applications.save(new Application(id, name, description, productId, clock.instant()));
        publisher.publishEvent(new ApplicationCreated(application.id(), application.name(), application.productId(),
                application.snapshot(), AuditTrail.currentActor()));
        return application;
    }

    public Application updateApplication(Application application, String name, String description, String productId) {
        var stored = reload(application);
        checkProductId(productId);
        if (!stored.name().equals(name) && applications.existsByName(name)) {
            throw new ConflictException("an application named '" + name + "' already exists");
        }
        checkProductIdFree(productId, stored.id());
        var before = stored.snapshot();
        stored.update(name, description, productId);
        publisher.publishEvent(new ApplicationUpdated(stored.id(), stored.name(), before, stored.snapshot(),
                AuditTrail.currentActor()));
        return stored;
    }

    public void deleteApplication(Application application) {
        var stored = reload(application);
        // The packages go with the application (ON DELETE CASCADE); their files must go too.
        var packageIds = packages.findIdsByApplicationId(stored.id());
        applications.delete(stored);
        var actor = AuditTrail.currentActor();
        publisher.publishEvent(new ApplicationDeleted(stored.id(), stored.name(), stored.snapshot(),
                List.copyOf(packageIds), actor));
        packageIds.forEach(id -> publisher.publishEvent(new PackageDeleted(stored.id(), id, null, actor)));
    }

    /** The application as this transaction sees it (the caller's copy may come from another one). */
    private Application reload(Application application) {
        return applications.findById(application.id())
                .orElseThrow(() -> NotFoundException.of("application", application.id()));
    }

    private static void checkProductId(String productId) {
        if (productId != null && !productId.isBlank() && !isProductId(productId)) {
            throw new InvalidInputException("productId", "must be a reverse-domain name such as io.example.app");
        }
    }

    private void checkProductIdFree(String productId, UUID owner) {
        if (productId == null || productId.isBlank()) {
            return;
        }
        applications.findByProductIdIgnoreCase(productId)
                .filter(other -> !other.id().equals(owner))
                .ifPresent(other -> {
                    throw new ConflictException("product id '" + productId + "' belongs to " + other.name());
                });
    }
}
