package dev.platte.admin.declarative;

import dev.platte.activity.Activity;
import dev.platte.activity.ActivityKind;
import dev.platte.activity.ActivityService;
import dev.platte.activity.Severity;
import dev.platte.common.InvalidInputException;
import dev.platte.database.ReplicaLocks;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionException;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Applies {@code platte.config.file} at start and whenever its content changes. Each replica watches
 * the file; one at a time applies it ({@link ReplicaLocks}; a replica finding it taken tries again at its
 * next look), and an apply of a document the server already matches changes nothing. A
 * document that cannot be applied is logged and put in the activity feed, never stops the server, and
 * is not tried again until the file changes; a database outage is retried at the next look.
 */
@Component
class ConfigFileLoader {

    /** The audit and activity actor of changes made from the file. */
    static final String ACTOR = "config-file";

    private static final Logger log = LoggerFactory.getLogger(ConfigFileLoader.class);
    static final String LOCK = "config-file";

    enum Result {
        /** No file configured. */
        NONE,
        /** The content was handled before (applied or refused). */
        UNCHANGED,
        APPLIED,
        /** Another replica is applying it; try again at the next look. */
        BUSY,
        /** The document was refused or could not be read; not tried again until the file changes. */
        FAILED,
        /** The database could not be reached; tried again at the next look. */
        RETRY
    }

    private final ConfigFileProperties properties;
    private final ConfigService config;
    private final ActivityService activity;
    private final ReplicaLocks locks;
    private final TransactionTemplate transactions;
    private FileTime lastModified;
    private String handledDigest;
    private String reportedProblem;

    ConfigFileLoader(ConfigFileProperties properties, ConfigService config, ActivityService activity,
            ReplicaLocks locks, PlatformTransactionManager transactionManager) {
        this.properties = properties;
        this.config = config;
        this.activity = activity;
        this.locks = locks;
        this.transactions = new TransactionTemplate(transactionManager);
    }

    @Scheduled(fixedDelayString = "${platte.config.check-interval:10s}", initialDelayString = "0s")
    void check() {
        if (properties.file() != null) {
            load(properties.file(), properties.prune());
        }
    }

    /** Applies the file if its content changed since this replica last handled it. */
    synchronized Result load(Path file, boolean prune) {
        byte[] content;
        FileTime modified;
        try {
            modified = Files.getLastModifiedTime(file);
            if (modified.equals(lastModified) && handledDigest != null) {
                return Result.UNCHANGED;
            }
            if (Files.size(file) > ConfigFormats.MAX_DOCUMENT_BYTES) {
                return failed(ConfigFormats.sha256Hex((file.toString() + modified).getBytes(StandardCharsets.UTF_8)), file,
                        "is larger than " + ConfigFormats.MAX_DOCUMENT_BYTES + " bytes");
            }
            content = Files.readAllBytes(file);
        } catch (IOException e) {
            return failed("unreadable:" + e.getMessage(), file, "cannot be read: " + e.getMessage());
        }
        var digest = ConfigFormats.sha256Hex(content);
        if (digest.equals(handledDigest)) {
            lastModified = modified;
            return Result.UNCHANGED;
        }
        var yaml = !file.getFileName().toString().endsWith(".json");
        SecurityContextHolder.getContext()
                .setAuthentication(UsernamePasswordAuthenticationToken.authenticated(ACTOR, null, List.of()));
        try {
            var document = ConfigFormats.read(content, yaml);
            var applied = locks.runAlone(LOCK, () -> transactions.execute(status -> config.apply(document, prune, null)));
            if (applied.isEmpty()) {
                return Result.BUSY;
            }
            var outcome = applied.get();
            handled(digest, modified);
            if (outcome.changes().isEmpty()) {
                log.info("Configuration file {} is in effect: nothing to change", file);
            } else {
                log.info("Configuration file {} applied: {} (change set {})", file, outcome.summary(),
                        outcome.changeSet());
            }
            return Result.APPLIED;
        } catch (InvalidInputException e) {
            handled(digest, modified);
            return failed(digest, file, "is invalid: " + e.problems().stream()
                    .map(p -> p.field() + " " + p.message()).collect(Collectors.joining("; ")));
        } catch (DataAccessException | TransactionException e) {
            log.warn("Configuration file {} not applied, the database is unavailable (retrying): {}", file,
                    e.getMessage());
            return Result.RETRY;
        } catch (RuntimeException e) {
            handled(digest, modified);
            return failed(digest, file, "could not be applied: " + e.getMessage());
        } finally {
            SecurityContextHolder.clearContext();
        }
    }

    private void handled(String digest, FileTime modified) {
        handledDigest = digest;
        lastModified = modified;
    }

    /** Logs and shows a failure once per content (or problem), so a broken file does not flood either. */
    private Result failed(String problemDigest, Path file, String problem) {
        if (Objects.equals(problemDigest, reportedProblem)) {
            return Result.UNCHANGED;
        }
        reportedProblem = problemDigest;
        var message = "Configuration file %s %s".formatted(file, problem);
        log.error(message);
        try {
            activity.record(new Activity.Entry(ActivityKind.CONFIG_FAILED, Severity.ERROR, null, null, null, null,
                    null, ACTOR, message.length() > 2000 ? message.substring(0, 2000) + "…" : message));
        } catch (DataAccessException | TransactionException e) {
            log.warn("Could not record the failure in the activity feed: {}", e.getMessage());
        }
        return Result.FAILED;
    }
}
