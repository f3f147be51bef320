package dev.platte.admin.account;

import dev.platte.common.InvalidInputException;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/** What a user name and a password may be: one rule for creating users, changing passwords and signing in. */
final class Credentials {

    static final int MIN_PASSWORD_CHARACTERS = 12;
    /** bcrypt reads at most 72 bytes; Spring Security refuses longer passwords rather than truncate them. */
    static final int MAX_PASSWORD_BYTES = 72;
    private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9._@-]{1,100}");

    private Credentials() {}

    static boolean isPossibleUsername(String username) {
        return username != null && USERNAME.matcher(username).matches();
    }

    static void checkUsername(String username) {
        if (!isPossibleUsername(username)) {
            throw new InvalidInputException("username", "letters, digits and . _ @ - only, up to 100");
        }
    }

    /** Whether bcrypt can check this password at all; a longer one can never be right. */
    static boolean fitsBcrypt(String password) {
        return password != null && password.getBytes(StandardCharsets.UTF_8).length <= MAX_PASSWORD_BYTES;
    }

    static void checkPassword(String password) {
        if (password == null || password.length() < MIN_PASSWORD_CHARACTERS || !fitsBcrypt(password)) {
            throw new InvalidInputException("password", "must be at least " + MIN_PASSWORD_CHARACTERS
                    + " characters and at most " + MAX_PASSWORD_BYTES + " bytes long (UTF-8)");
        }
    }
}
