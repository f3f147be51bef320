package dev.platte.omaha.protocol;

/**
 * The request body is not an Omaha v3 request we accept. {@link #getMessage()} is a short,
 * human-readable reason that never echoes the request body. Without a stack trace: the reason is all
 * that is ever shown, and hostile traffic should be cheap to refuse.
 */
public class MalformedOmahaRequestException extends Exception {

    public MalformedOmahaRequestException(String message) {
        super(message, null, false, false);
    }

    public MalformedOmahaRequestException(String message, Throwable cause) {
        super(message, cause, false, false);
    }
}
