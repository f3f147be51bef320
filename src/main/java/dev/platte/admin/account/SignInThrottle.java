package dev.platte.admin.account;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.platte.audit.AuditTrail;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.TimeMeter;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionOperations;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Counts wrong passwords per user name and per address in token buckets (Bucket4j) held in bounded caches
 * (Caffeine), per replica. Every attempt takes a token from both buckets before its password is checked
 * and gives it back when the password was right, so a burst of parallel guesses is refused as surely as a
 * sequential one, and a refused attempt costs no bcrypt. Time comes from the application clock.
 */
@Component
class SignInThrottle {

    private static final Logger log = LoggerFactory.getLogger(SignInThrottle.class);
    private static final int MAX_ADDRESS_KEY = 45;

    private final SignInProperties properties;
    private final Cache<String, Limit> accounts;
    private final Cache<String, Limit> addresses;
    private final TimeMeter time;
    private final Clock clock;
    private final AuditTrail audit;
    private final TransactionOperations transactions;
    private final Counter refusedByAccount;
    private final Counter refusedByAddress;

    SignInThrottle(SignInProperties properties, Clock clock, AuditTrail audit, PlatformTransactionManager transactions,
            MeterRegistry metrics) {
        this.properties = properties;
        this.accounts = cache(properties);
        this.addresses = cache(properties);
        this.clock = clock;
        this.time = new ClockTimeMeter(clock);
        this.audit = audit;
        this.transactions = new TransactionTemplate(transactions);
        this.refusedByAccount = refusals(metrics, "account");
        this.refusedByAddress = refusals(metrics, "address");
    }

    private static Counter refusals(MeterRegistry metrics, String by) {
        return Counter.builder("platte.sign_in.throttled")
                .description("Sign-in attempts refused before their password was checked, by the limit that refused them")
                .tag("by", by)
                .register(metrics);
    }

    private static Cache<String, Limit> cache(SignInProperties properties) {
        // A bucket untouched for a whole window is full again: forgetting it changes nothing.
        return Caffeine.newBuilder().maximumSize(properties.trackedKeys()).expireAfterAccess(properties.window()).build();
    }

    /**
     * Takes one attempt from the user name's and the address's allowance.
     *
     * @throws SignInThrottledException when either has none left
     */
    Attempt begin(String username, String address) {
        var addressKey = address == null ? null : addressKey(address);
        var byAddress = addressKey == null ? null
                : addresses.get(addressKey, key -> new Limit(bucket(properties.addressFailures())));
        // A name that cannot exist has no account to protect; the address limit still counts it.
        var byAccount = Credentials.isPossibleUsername(username)
                ? accounts.get(username, key -> new Limit(bucket(properties.accountFailures())))
                : null;
        if (byAddress != null) {
            var probe = byAddress.bucket.tryConsumeAndReturnRemaining(1);
            if (!probe.isConsumed()) {
                refusedByAddress.increment();
                throw new SignInThrottledException(seconds(probe.getNanosToWaitForRefill()));
            }
        }
        if (byAccount != null) {
            var probe = byAccount.bucket.tryConsumeAndReturnRemaining(1);
            if (!probe.isConsumed()) {
                if (byAddress != null) {
                    byAddress.bucket.addTokens(1);
                }
                refusedByAccount.increment();
                throw new SignInThrottledException(seconds(probe.getNanosToWaitForRefill()));
            }
        }
        return new Attempt(username, address, addressKey, byAccount, byAddress);
    }

    private Bucket bucket(int failures) {
        return Bucket.builder()
                .addLimit(limit -> limit.capacity(failures).refillGreedy(failures, properties.window()))
                .withCustomTimePrecision(time)
                .build();
    }

    /** IPv6 clients usually hold a whole /64, so it counts as one address. */
    static String addressKey(String address) {
        try {
            var ip = InetAddress.ofLiteral(address);
            if (ip instanceof Inet6Address) {
                var prefix = Arrays.copyOf(ip.getAddress(), 16);
                Arrays.fill(prefix, 8, 16, (byte) 0);
                return InetAddress.getByAddress(prefix).getHostAddress() + "/64";
            }
            return ip.getHostAddress();
        } catch (IllegalArgumentException | UnknownHostException e) {
            return address.length() > MAX_ADDRESS_KEY ? address.substring(0, MAX_ADDRESS_KEY) : address;
        }
    }

    private static long seconds(long nanos) {
        return Math.max(1, (nanos + 999_999_999L) / 1_000_000_000L);
    }

    /** One sign-in attempt that holds a token of each limit until its outcome is known. */
    final class Attempt {

        private final String username;
        private final String address;
        private final String addressKey;
        private final Limit byAccount;
        private final Limit byAddress;

        private Attempt(String username, String address, String addressKey, Limit byAccount, Limit byAddress) {
            this.username = username;
            this.address = address == null || address.length() <= MAX_ADDRESS_KEY
                    ? address
                    : address.substring(0, MAX_ADDRESS_KEY);
            this.addressKey = addressKey;
            this.byAccount = byAccount;
            this.byAddress = byAddress;
        }

        /** The right password: it costs nothing. */
        void succeeded() {
            giveBack();
        }

        /** Neither right nor wrong (the database failed, say): it costs nothing either. */
        void undecided() {
            giveBack();
        }

        /** A wrong password keeps its tokens; emptying a bucket starts a lockout, recorded once per window. */
        void failed() {
            if (byAccount != null && byAccount.startsLockout(clock.instant(), properties.window())) {
                record("user", username, byAccount);
            }
            if (byAddress != null && byAddress.startsLockout(clock.instant(), properties.window())) {
                record("address", addressKey, byAddress);
            }
        }

        private void giveBack() {
            if (byAccount != null) {
                byAccount.bucket.addTokens(1);
            }
            if (byAddress != null) {
                byAddress.bucket.addTokens(1);
            }
        }

        private void record(String targetType, String targetId, Limit limit) {
            var details = new LinkedHashMap<String, Object>();
            details.put("username", byAccount == null ? null : username);
            details.put("address", address);
            details.put("lockedForSeconds", seconds(limit.bucket.estimateAbilityToConsume(1).getNanosToWaitForRefill()));
            try {
                transactions.executeWithoutResult(status -> audit.recordAs(
                        address == null ? AuditTrail.SYSTEM : address, "sign-in.throttle", targetType, targetId, null,
                        details));
            } catch (RuntimeException e) {
                // The refusal stands without its record; the database outage is reported elsewhere.
                log.warn("Could not record a sign-in lockout: {}", e.toString());
            }
        }
    }

    private static final class Limit {

        final Bucket bucket;
        private Instant quietUntil = Instant.MIN;

        Limit(Bucket bucket) {
            this.bucket = bucket;
        }

        synchronized boolean startsLockout(Instant now, Duration window) {
            if (bucket.getAvailableTokens() > 0 || now.isBefore(quietUntil)) {
                return false;
            }
            quietUntil = now.plus(window);
            return true;
        }
    }

    /** Bucket4j on the application clock, so refills follow the time the rest of Platte sees. */
    private record ClockTimeMeter(Clock clock) implements TimeMeter {

        @Override
        public long currentTimeNanos() {
            var now = clock.instant();
            return now.getEpochSecond() * 1_000_000_000L + now.getNano();
        }

        @Override
        public boolean isWallClockBased() {
            return true;
        }
    }
}
