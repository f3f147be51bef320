package dev.platte.payload;

/** A downloaded or uploaded payload does not match what it claims to be; it was discarded. */
public class PayloadVerificationException extends Exception {

    public PayloadVerificationException(String message) {
        super(message);
    }
}
