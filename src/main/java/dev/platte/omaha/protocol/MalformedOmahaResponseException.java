package dev.platte.omaha.protocol;

/**
 * The response body from an upstream Omaha server is not an Omaha v3 response we accept.
 * {@link #getMessage()} is a short, human-readable reason that never echoes the response body.
 */
public class MalformedOmahaResponseException extends Exception {

    public MalformedOmahaResponseException(String message) {
        super(message);
    }

    public MalformedOmahaResponseException(String message, Throwable cause) {
        super(message, cause);
    }
}
