package dev.platte.database;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The PostgreSQL advisory locks that serialize a transaction across replicas (rather than keep a job on one
 * replica: that is {@link ReplicaLocks}' and {@code @SchedulerLock}'s). Every key is here, so none is taken
 * twice; the values are the ones earlier releases used, so replicas of both kinds agree during an upgrade.
 */
public enum AdvisoryLock {

    /** Replicas starting together against one database create the first administrator once. */
    BOOTSTRAP_ADMIN(0x01),
    /** Replicas starting together against an empty database seed the Flatcar application once. */
    FLATCAR_SEED(0x02),
    /** Creating a reboot group a client named: the cap on such groups holds across replicas. */
    REBOOT_GROUP_CREATION(0x36);

    /** "platte" in ASCII, above the per-lock number. */
    private static final long NAMESPACE = 0x706c6174_74650000L;

    private final long key;

    AdvisoryLock(int number) {
        this.key = NAMESPACE | number;
    }

    public long key() {
        return key;
    }

    /** Waits for the lock; it is held until the caller's transaction ends. */
    public void lockUntilCommit(JdbcClient jdbc) {
        jdbc.sql("SELECT pg_advisory_xact_lock(?)").param(key).query().singleValue();
    }
}
