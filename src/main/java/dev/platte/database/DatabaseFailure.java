package dev.platte.database;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import org.hibernate.exception.JDBCConnectionException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionException;
import org.springframework.transaction.TransactionSystemException;

/** What a failed request says about the database: nothing, a full connection pool, or an outage. */
public enum DatabaseFailure {

    /** Not about reaching the database (a bad statement, a constraint, a bug): handled as before. */
    NONE,
    /** No pooled connection became free in time while the database answers: retry later, but no outage. */
    BUSY,
    /** The database cannot be reached: retry later, and treat it as down until a probe succeeds. */
    UNREACHABLE;

    /** PostgreSQL terminating sessions: admin shutdown, crash shutdown, cannot connect now (starting up). */
    private static final Set<String> SHUTDOWN_STATES = Set.of("57P01", "57P02", "57P03");

    public boolean isUnavailable() {
        return this != NONE;
    }

    /**
     * Looks through the whole cause chain, since Spring, Hibernate and the pool each wrap the driver's
     * exception, and a wrapper's type alone cannot tell a pool timeout from a refused connection.
     */
    static DatabaseFailure of(Throwable failure) {
        boolean poolTimeout = false;
        boolean answered = false;
        boolean connectionWrapper = false;
        for (var e : causes(failure)) {
            if (e instanceof SQLException sql) {
                var state = sql.getSQLState();
                if (sql instanceof SQLNonTransientConnectionException || closedByThePool(sql)
                        || state != null && (state.startsWith("08") || SHUTDOWN_STATES.contains(state))) {
                    return UNREACHABLE;
                }
                if (sql instanceof SQLTransientConnectionException) {
                    // Hikari's timeout carries the last failed connection attempt as its cause, if any:
                    // with one it is an outage (found further down the chain), without one a busy pool.
                    poolTimeout = true;
                } else if (state != null) {
                    answered = true;
                }
            } else if (e instanceof DataAccessResourceFailureException || e instanceof CannotCreateTransactionException
                    || e instanceof JDBCConnectionException) {
                connectionWrapper = true;
            }
        }
        if (poolTimeout) {
            return BUSY;
        }
        // The database answered with an error of its own: whatever it is, it is reachable.
        return connectionWrapper && !answered ? UNREACHABLE : NONE;
    }

    /**
     * A failure {@link #of} cannot place that may still be an outage: a driver or pool error without
     * SQLState, or a transaction that could not complete (Hibernate marks it rollback-only when a
     * statement's connection breaks, and the commit then says only that). Whether the database is
     * reachable has to be asked.
     */
    static boolean isAmbiguous(Throwable failure) {
        return causes(failure).stream().anyMatch(e -> e instanceof SQLException sql && sql.getSQLState() == null
                || e instanceof TransactionException);
    }

    /**
     * Hikari closes a connection that broke (08xxx, 57P01…) at once. The rollback that follows then fails
     * with this, and Spring throws that instead of the original failure, which is only logged.
     */
    private static boolean closedByThePool(SQLException e) {
        return e.getSQLState() == null && "Connection is closed".equals(e.getMessage());
    }

    /** The cause chain, and the failure a rollback exception replaced when Spring kept it; each once. */
    private static List<Throwable> causes(Throwable failure) {
        var causes = new ArrayList<Throwable>();
        var seen = Collections.newSetFromMap(new IdentityHashMap<Throwable, Boolean>());
        var pending = new ArrayDeque<Throwable>(List.of(failure));
        while (!pending.isEmpty()) {
            for (var e = pending.pop(); e != null && seen.add(e); e = e.getCause()) {
                causes.add(e);
                if (e instanceof TransactionSystemException rollback && rollback.getApplicationException() != null) {
                    pending.add(rollback.getApplicationException());
                }
            }
        }
        return causes;
    }
}
