package dev.platte.database;

import dev.platte.common.CountedPage;
import dev.platte.common.InvalidInputException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Sort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Pages of a long filtered list at any size: the keys of one page, and how many match (capped, see
 * {@link RowCounter}). The capped count also picks the plan of the page. When few match, they are collected
 * through the filter's indexes and then sorted (a subquery with OFFSET 0, which the planner plans on its own
 * and cannot turn into a walk of the sort index). When many match, the sort column's index is walked and
 * filtered, which finds a page of them within a few thousand rows.
 */
@Component
public class CountedQueries {

    private final JdbcTemplate jdbc;
    private final RowCounter counter;

    CountedQueries(JdbcTemplate jdbc, RowCounter counter) {
        this.jdbc = jdbc;
        this.counter = counter;
    }

    /**
     * @param from FROM and WHERE of the rows to list, the listed table named {@code alias}, {@code ?} for args
     * @param keyColumns the columns {@code key} reads, of {@code alias}, e.g. {@code "t.id"}
     * @param orderBy an ORDER BY list over columns of {@code alias}
     */
    @Transactional(readOnly = true)
    public <K> CountedPage<K> page(String alias, String from, List<Object> args, String keyColumns, String orderBy,
            Pageable page, RowMapper<K> key) {
        var total = counter.count("SELECT 1 " + from, args.toArray());
        var select = total.exact()
                ? "SELECT " + keyColumns + " FROM (SELECT " + alias + ".* " + from + " OFFSET 0) AS " + alias
                : "SELECT " + keyColumns + " " + from;
        var all = new ArrayList<>(args);
        all.add(page.getPageSize() + 1);
        all.add(page.getOffset());
        var keys = jdbc.query(select + " ORDER BY " + orderBy + " LIMIT ? OFFSET ?", key, all.toArray());
        return CountedPage.of(keys, page, total);
    }

    /** The keys of the first {@code limit} rows, uncounted (the latest few of a feed). */
    @Transactional(readOnly = true)
    public <K> List<K> first(String from, List<Object> args, String keyColumns, String orderBy, int limit,
            RowMapper<K> key) {
        RowCounter.planForTheValues(jdbc);
        var all = new ArrayList<>(args);
        all.add(limit);
        return jdbc.query("SELECT " + keyColumns + " " + from + " ORDER BY " + orderBy + " LIMIT ?", key, all.toArray());
    }

    /**
     * The ORDER BY list of a request's sort ({@code fallback} when it has none).
     *
     * @param sortable each property a request may sort by, and its column
     * @throws InvalidInputException naming {@code sort} for any other property
     */
    public static String orderBy(Sort sort, Map<String, String> sortable, String fallback) {
        if (sort.isUnsorted()) {
            return fallback;
        }
        return sort.stream().map(order -> {
            var column = sortable.get(order.getProperty());
            if (column == null) {
                throw new InvalidInputException("sort", "must be one of "
                        + String.join(", ", sortable.keySet().stream().sorted().toList()));
            }
            return column + (order.isAscending() ? " ASC" : " DESC");
        }).collect(Collectors.joining(", "));
    }
}
