package dev.platte.audit;

import dev.platte.common.CountedPage;
import dev.platte.database.CountedQueries;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.context.event.EventListener;
import org.springframework.data.domain.Pageable;
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

    /** API sort properties and their columns. */
    private static final Map<String, String> SORTABLE = Map.of("createdAt", "e.created_at", "id", "e.id",
            "actor", "e.actor", "action", "e.action");

    private final AuditRepository entries;
    private final CountedQueries queries;
    private final JsonMapper json;
    private final Clock clock;

    AuditTrail(AuditRepository entries, CountedQueries queries, JsonMapper json, Clock clock) {
        this.entries = entries;
        this.queries = queries;
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

    /** A page of the log; its total is exact up to 10,000 entries, an estimate beyond (the log only grows). */
    @Transactional(readOnly = true)
    public CountedPage<AuditEntry> list(AuditFilter filter, Pageable page) {
        var where = new ArrayList<String>();
        var args = new ArrayList<Object>();
        for (var column : new Object[][] {{"actor", filter.actor()}, {"action", filter.action()},
                {"target_type", filter.targetType()}, {"target_id", filter.targetId()}}) {
            if (column[1] != null) {
                where.add("e." + column[0] + " = ?");
                args.add(column[1]);
            }
        }
        if (filter.since() != null) {
            where.add("e.created_at >= ?");
            args.add(Timestamp.from(filter.since()));
        }
        if (filter.until() != null) {
            where.add("e.created_at < ?");
            args.add(Timestamp.from(filter.until()));
        }
        var ids = queries.page("e", "FROM audit_log e" + (where.isEmpty() ? "" : " WHERE " + String.join(" AND ", where)),
                args, "e.id", CountedQueries.orderBy(page.getSort(), SORTABLE, "e.created_at DESC"), page,
                (rs, row) -> rs.getLong(1));
        var byId = entries.findAllById(ids.content()).stream()
                .collect(Collectors.toMap(AuditEntry::id, Function.identity()));
        return new CountedPage<>(ids.content().stream().filter(byId::containsKey).map(byId::get).toList(), page,
                ids.total(), ids.hasNext());
    }

    private String toJson(Object value) {
        return value == null ? null : json.writeValueAsString(value);
    }
}
