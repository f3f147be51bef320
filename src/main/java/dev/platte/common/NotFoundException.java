package dev.platte.common;

/** Something the caller named does not exist. */
public class NotFoundException extends RuntimeException {

    public NotFoundException(String message) {
        super(message);
    }

    public static NotFoundException of(String kind, Object id) {
        return new NotFoundException(kind + " '" + id + "' not found");
    }
}
