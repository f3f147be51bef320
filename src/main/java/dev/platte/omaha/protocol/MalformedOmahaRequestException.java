package dev.platte.omaha.protocol;

/**
 * The request body is not an Omaha v3 request we accept. {@link #getMessage()} is a short,
 * human-readable reason that never echoes the request body.
 */
public class MalformedOmahaRequestException extends Exception {

    public MalformedOmahaRequestException(String message) {
        super(message);
    }

    public MalformedOmahaRequestException(String message, Throwable cause) {
        super(message, cause);
    }
}
