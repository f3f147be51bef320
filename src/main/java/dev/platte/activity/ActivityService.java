package dev.platte.activity;

import dev.platte.common.CountedPage;
import dev.platte.database.CountedQueries;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.context.event.EventListener;
import org.springframework.data.domain.Pageable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The activity feed: what Platte and its admins did to rollouts, in the caller's transaction. */
@Service
@Transactional
public class ActivityService {

    /** API sort properties and their columns. */
    private static final Map<String, String> SORTABLE = Map.of("createdAt", "a.created_at", "id", "a.id",
            "kind", "a.kind", "severity", "a.severity");

    private final ActivityRepository activities;
    private final CountedQueries queries;
    private final Clock clock;

    ActivityService(ActivityRepository activities, CountedQueries queries, Clock clock) {
        this.activities = activities;
        this.queries = queries;
        this.clock = clock;
    }

    public Activity record(Activity.Entry entry) {
        return activities.save(new Activity(entry, clock.instant()));
    }

    /** Writes the line an event asks for, in the transaction that published the event. */
    @EventListener
    public void on(FeedEvent event) {
        var entry = event.feedEntry();
        if (entry != null) {
            record(entry);
        }
    }

    /** A page of the feed; its total is exact up to 10,000 entries, an estimate beyond (the feed only grows). */
    @Transactional(readOnly = true)
    public CountedPage<Activity> list(ActivityFilter filter, Pageable page) {
        var args = new ArrayList<Object>();
        var ids = queries.page("a", from(filter, args), args, "a.id",
                CountedQueries.orderBy(page.getSort(), SORTABLE, "a.created_at DESC"), page, (rs, row) -> rs.getLong(1));
        return new CountedPage<>(load(ids.content()), page, ids.total(), ids.hasNext());
    }

    /** The newest {@code count} entries, without counting them all. */
    @Transactional(readOnly = true)
    public List<Activity> latest(ActivityFilter filter, int count) {
        var args = new ArrayList<Object>();
        return load(queries.first(from(filter, args), args, "a.id", "a.created_at DESC", count,
                (rs, row) -> rs.getLong(1)));
    }

    /** Entries by id, in that order; any deleted meanwhile (retention) left out. */
    private List<Activity> load(List<Long> ids) {
        var byId = activities.findAllById(ids).stream().collect(Collectors.toMap(Activity::id, Function.identity()));
        return ids.stream().filter(byId::containsKey).map(byId::get).toList();
    }

    /** FROM and WHERE of the filter's entries (table alias {@code a}); adds the values to {@code args}. */
    private static String from(ActivityFilter filter, List<Object> args) {
        var where = new ArrayList<String>();
        if (filter.applicationId() != null) {
            where.add("a.application_id = ?");
            args.add(filter.applicationId());
        }
        if (filter.groupId() != null) {
            where.add("a.group_id = ?");
            args.add(filter.groupId());
        }
        if (filter.severity() != null) {
            where.add("a.severity = ?");
            args.add(filter.severity().wireName());
        }
        if (filter.kind() != null) {
            where.add("a.kind = ?");
            args.add(filter.kind().wireName());
        }
        if (filter.since() != null) {
            where.add("a.created_at >= ?");
            args.add(Timestamp.from(filter.since()));
        }
        if (filter.until() != null) {
            where.add("a.created_at < ?");
            args.add(Timestamp.from(filter.until()));
        }
        return "FROM activity a" + (where.isEmpty() ? "" : " WHERE " + String.join(" AND ", where));
    }
}
