package dev.platte.admin.account;

import org.springframework.security.core.AuthenticationException;

/** A sign-in refused unchecked: too many wrong passwords for this user name or from this address. */
public class SignInThrottledException extends AuthenticationException {

    private final long retryAfterSeconds;

    SignInThrottledException(long retryAfterSeconds) {
        super("Too many failed sign-ins: try again in " + retryAfterSeconds + " s");
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** When the next attempt will be checked, in whole seconds (at least 1). */
    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
