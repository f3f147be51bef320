package dev.platte.database;

import dev.platte.common.Count;
import java.util.regex.Pattern;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Counts the rows of a query exactly while they are few ({@link #EXACT_UP_TO}), and takes the planner's
 * estimate when they are more: the capped count stops after that many rows, so it costs the same at a
 * thousand matches or a million.
 */
@Component
public class RowCounter {

    /** Up to this many rows, counts are exact. */
    public static final int EXACT_UP_TO = 10_000;
    private static final Pattern PLAN_ROWS = Pattern.compile("\"Plan Rows\":\\s*(\\d+)");

    private final JdbcTemplate jdbc;

    RowCounter(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** @param select a SELECT of the rows to count, with {@code ?} for {@code args}, without LIMIT */
    @Transactional(readOnly = true)
    public Count count(String select, Object... args) {
        planForTheValues(jdbc);
        var capped = jdbc.queryForObject("SELECT count(*) FROM (" + select + " LIMIT " + (EXACT_UP_TO + 1)
                + ") AS capped", Long.class, args);
        if (capped == null || capped <= EXACT_UP_TO) {
            return Count.exactly(capped == null ? 0 : capped);
        }
        // There are more than EXACT_UP_TO, whatever the planner thinks.
        return Count.about(Math.max(estimate(select, args), EXACT_UP_TO + 1L));
    }

    /**
     * Makes the rest of the caller's transaction plan each statement for its parameter values. A statement the
     * driver prepared on the server is otherwise planned once for any values after a few runs, and such a plan
     * cannot tell a status that 0.1% of the fleet has from one that 90% has: it may walk a million rows to
     * find a thousand.
     */
    static void planForTheValues(JdbcTemplate jdbc) {
        jdbc.execute("SET LOCAL plan_cache_mode = force_custom_plan");
    }

    /** The planner's estimate of the rows {@code select} returns (EXPLAIN, nothing is executed). */
    long estimate(String select, Object... args) {
        var plan = jdbc.queryForObject("EXPLAIN (FORMAT JSON) " + select, String.class, args);
        var rows = PLAN_ROWS.matcher(plan == null ? "" : plan);
        return rows.find() ? Long.parseLong(rows.group(1)) : 0;
    }
}
