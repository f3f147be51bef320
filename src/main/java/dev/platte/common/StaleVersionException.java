package dev.platte.common;

/** The caller edited a version of something that has changed since it read it (If-Match failed). */
public class StaleVersionException extends RuntimeException {

    public StaleVersionException(String what, long expected, long actual) {
        super("%s was changed by someone else (you sent version %d, it is now %d): read it again and retry"
                .formatted(what, expected, actual));
    }
}
