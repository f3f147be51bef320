package dev.platte.audit;

import java.time.Clock;
import org.springframework.context.event.EventListener;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.domain.Specification;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * Records who changed what, with before and after values, in the transaction of the change itself:
 * a change that rolls back leaves no audit entry, and no change goes unrecorded.
 */
@Service
public class AuditTrail {

    /** The actor of changes made by Platte itself (seeding, automatic pauses). */
    public static final String SYSTEM = "platte";

    private final AuditRepository entries;
    private final JsonMapper json;
    private final Clock clock;

    AuditTrail(AuditRepository entries, JsonMapper json, Clock clock) {
        this.entries = entries;
        this.json = json;
        this.clock = clock;
    }

    /**
     * @param before what the target looked like ({@code null} when created)
     * @param after what it looks like now ({@code null} when deleted)
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void record(String action, String targetType, Object targetId, Object before, Object after) {
        recordAs(currentActor(), action, targetType, targetId, before, after);
    }

    /**
     * As {@link #record}, for an actor who is not signed in: a refused sign-in names the address it came from,
     * a health gate or an alert names itself.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void recordAs(String actor, String action, String targetType, Object targetId, Object before, Object after) {
        entries.save(new AuditEntry(clock.instant(), actor, action, targetType, String.valueOf(targetId),
                toJson(before), toJson(after)));
    }

    /** Records a change an event announced, as it happens, in the transaction that published the event. */
    @EventListener
    @Transactional(propagation = Propagation.MANDATORY)
    public void on(AuditedChange event) {
        var change = event.auditEntry();
        if (change != null) {
            recordAs(change.actor() == null ? currentActor() : change.actor(), change.action(), change.targetType(),
                    change.targetId(), change.before(), change.after());
        }
    }

    /**
     * One audit entry.
     *
     * @param actor who made the change; {@code null} for whoever is signed in
     * @param before what the target looked like ({@code null} when created)
     * @param after what it looks like now ({@code null} when deleted)
     */
    public record Change(String actor, String action, String targetType, Object targetId, Object before, Object after) {

        /** A change by whoever is signed in (or Platte itself, when no one is). */
        public static Change bySignedIn(String action, String targetType, Object targetId, Object before,
                Object after) {
            return new Change(null, action, targetType, targetId, before, after);
        }
    }

    /** The signed-in user, or {@code token:<name>} for an API token. */
    public static String currentActor() {
        var authentication = SecurityContextHolder.getContext().getAuthentication();
        return authentication == null || authentication.getName() == null ? SYSTEM : authentication.getName();
    }

    @Transactional(readOnly = true)
    public Page<AuditEntry> list(AuditFilter filter, Pageable page) {
        Specification<AuditEntry> spec = Specification.unrestricted();
        if (filter.actor() != null) {
            spec = spec.and((root, query, cb) -> cb.equal(root.get("actor"), filter.actor()));
        }
        if (filter.action() != null) {
            spec = spec.and((root, query, cb) -> cb.equal(root.get("action"), filter.action()));
        }
        if (filter.targetType() != null) {
            spec = spec.and((root, query, cb) -> cb.equal(root.get("targetType"), filter.targetType()));
        }
        if (filter.targetId() != null) {
            spec = spec.and((root, query, cb) -> cb.equal(root.get("targetId"), filter.targetId()));
        }
        if (filter.since() != null) {
            spec = spec.and((root, query, cb) -> cb.greaterThanOrEqualTo(root.get("createdAt"), filter.since()));
        }
        if (filter.until() != null) {
            spec = spec.and((root, query, cb) -> cb.lessThan(root.get("createdAt"), filter.until()));
        }
        return entries.findAll(spec, page);
    }

    private String toJson(Object value) {
        return value == null ? null : json.writeValueAsString(value);
    }
}
