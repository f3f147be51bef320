package dev.platte.common;

/**
 * How many rows match: exact up to a bound, beyond it the database planner's estimate (counting a million
 * rows on every page view would cost more than the page).
 */
public record Count(long value, boolean exact) {

    public static Count exactly(long value) {
        return new Count(value, true);
    }

    public static Count about(long value) {
        return new Count(value, false);
    }
}
