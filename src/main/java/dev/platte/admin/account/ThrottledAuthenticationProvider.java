package dev.platte.admin.account;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.stereotype.Component;

/**
 * Password sign-in for the form, and HTTP Basic on pages and API: the throttle first, then bcrypt. A
 * password bcrypt cannot check (over 72 bytes) or a name no account can have is simply wrong, never a 500.
 * The user is loaded every time; only a recently verified password against an unchanged hash skips bcrypt.
 */
@Component
class ThrottledAuthenticationProvider implements AuthenticationProvider {

    private final DaoAuthenticationProvider passwords;
    private final SignInThrottle throttle;

    ThrottledAuthenticationProvider(AccountUserDetailsService users, PasswordEncoder passwordEncoder,
            SignInThrottle throttle, VerifiedPasswords verified) {
        this.passwords = new RememberingPasswordCheck(users, verified);
        this.passwords.setPasswordEncoder(passwordEncoder);
        this.throttle = throttle;
    }

    @Override
    public Authentication authenticate(Authentication authentication) {
        var address = authentication.getDetails() instanceof WebAuthenticationDetails details
                ? details.getRemoteAddress()
                : null;
        var username = authentication.getName();
        var attempt = throttle.begin(username, address);
        try {
            if (!Credentials.isPossibleUsername(username)
                    || !(authentication.getCredentials() instanceof String password)
                    || !Credentials.fitsBcrypt(password)) {
                throw new BadCredentialsException("Bad credentials");
            }
            var result = passwords.authenticate(authentication);
            attempt.succeeded();
            return result;
        } catch (BadCredentialsException e) {
            attempt.failed();
            throw e;
        } catch (RuntimeException e) {
            attempt.undecided();
            throw e;
        }
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }

    /** Spring's check of a loaded user's password, first asking whether it was found right recently. */
    private static final class RememberingPasswordCheck extends DaoAuthenticationProvider {

        private final VerifiedPasswords verified;

        RememberingPasswordCheck(AccountUserDetailsService users, VerifiedPasswords verified) {
            super(users);
            this.verified = verified;
        }

        @Override
        protected void additionalAuthenticationChecks(UserDetails user, UsernamePasswordAuthenticationToken token) {
            if (token.getCredentials() instanceof String password && user.getPassword() != null
                    && verified.recentlyVerified(user.getUsername(), password, user.getPassword())) {
                return;
            }
            super.additionalAuthenticationChecks(user, token);
            if (token.getCredentials() instanceof String password && user.getPassword() != null) {
                verified.remember(user.getUsername(), password, user.getPassword());
            }
        }
    }
}
