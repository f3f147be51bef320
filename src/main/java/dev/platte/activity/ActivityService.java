package dev.platte.activity;

import java.time.Clock;
import org.springframework.context.event.EventListener;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.domain.Specification;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The activity feed: what Platte and its admins did to rollouts, in the caller's transaction. */
@Service
@Transactional
public class ActivityService {

    private final ActivityRepository activities;
    private final Clock clock;

    ActivityService(ActivityRepository activities, Clock clock) {
        this.activities = activities;
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

    @Transactional(readOnly = true)
    public Page<Activity> list(ActivityFilter filter, Pageable page) {
        Specification<Activity> spec = Specification.unrestricted();
        if (filter.applicationId() != null) {
            spec = spec.and((root, query, cb) -> cb.equal(root.get("applicationId"), filter.applicationId()));
        }
        if (filter.groupId() != null) {
            spec = spec.and((root, query, cb) -> cb.equal(root.get("groupId"), filter.groupId()));
        }
        if (filter.severity() != null) {
            spec = spec.and((root, query, cb) -> cb.equal(root.get("severity"), filter.severity()));
        }
        if (filter.kind() != null) {
            spec = spec.and((root, query, cb) -> cb.equal(root.get("kind"), filter.kind()));
        }
        if (filter.since() != null) {
            spec = spec.and((root, query, cb) -> cb.greaterThanOrEqualTo(root.get("createdAt"), filter.since()));
        }
        if (filter.until() != null) {
            spec = spec.and((root, query, cb) -> cb.lessThan(root.get("createdAt"), filter.until()));
        }
        return activities.findAll(spec, page);
    }
}
