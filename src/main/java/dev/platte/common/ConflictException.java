package dev.platte.common;

/** The request is valid on its own but clashes with what is stored (duplicates, references in use). */
public class ConflictException extends RuntimeException {

    public ConflictException(String message) {
        super(message);
    }
}
