package dev.platte.database;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.ServletException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.hibernate.exception.JDBCConnectionException;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.orm.jpa.JpaSystemException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;
import org.springframework.transaction.UnexpectedRollbackException;

/** Failures as Spring, Hibernate, Hikari and pgjdbc nest them when PostgreSQL is down, busy or just says no. */
class DatabaseFailureTests {

    private static final SQLException REFUSED = new SQLException("Connection to localhost:5432 refused", "08001");

    @Test
    void takesARefusedConnectionBehindTheTransactionManagerForAnOutage() {
        var failure = new CannotCreateTransactionException("Could not open JPA EntityManager for transaction",
                new JDBCConnectionException("Unable to acquire JDBC Connection",
                        new SQLTransientConnectionException("pool - Connection is not available", "08001", REFUSED)));

        assertThat(DatabaseFailure.of(failure)).isEqualTo(DatabaseFailure.UNREACHABLE);
    }

    @Test
    void takesAServerShuttingDownForAnOutage() {
        var terminated = new SQLException("FATAL: terminating connection due to administrator command", "57P01");

        assertThat(DatabaseFailure.of(new JpaSystemException(new RuntimeException(terminated))))
                .isEqualTo(DatabaseFailure.UNREACHABLE);
        assertThat(DatabaseFailure.of(new ServletException(new DataAccessResourceFailureException("I/O error",
                new SQLException("An I/O error occurred while sending to the backend.", "08006")))))
                .isEqualTo(DatabaseFailure.UNREACHABLE);
    }

    @Test
    void takesARollbackOnAConnectionThePoolClosedForAnOutage() {
        // What Spring throws when the rollback after a 57P01 fails: the original is only logged.
        var failure = new JpaSystemException(new RuntimeException("Unable to rollback against JDBC Connection",
                new SQLException("Connection is closed")));

        assertThat(DatabaseFailure.of(failure)).isEqualTo(DatabaseFailure.UNREACHABLE);
    }

    @Test
    void looksAtTheFailureARollbackExceptionReplaced() {
        var rollback = new TransactionSystemException("Could not roll back JPA transaction");
        rollback.initApplicationException(new DataAccessResourceFailureException("I/O error",
                new SQLException("An I/O error occurred while sending to the backend.", "08006")));

        assertThat(DatabaseFailure.of(rollback)).isEqualTo(DatabaseFailure.UNREACHABLE);
    }

    @Test
    void callsAFailureWithoutSqlStateOrAFailedCommitAmbiguous() {
        var failure = new JpaSystemException(new RuntimeException(new SQLException("something in the driver")));

        assertThat(DatabaseFailure.of(failure)).isEqualTo(DatabaseFailure.NONE);
        assertThat(DatabaseFailure.isAmbiguous(failure)).isTrue();
        assertThat(DatabaseFailure.isAmbiguous(new UnexpectedRollbackException("marked as rollback-only"))).isTrue();
        assertThat(DatabaseFailure.isAmbiguous(new DataIntegrityViolationException("duplicate key",
                new SQLException("duplicate key value violates unique constraint", "23505")))).isFalse();
    }

    @Test
    void takesAPoolTimeoutWithoutAFailedConnectionForABusyPool() {
        var failure = new CannotCreateTransactionException("Could not open JPA EntityManager for transaction",
                new JDBCConnectionException("Unable to acquire JDBC Connection",
                        new SQLTransientConnectionException("pool - Connection is not available, request timed out")));

        assertThat(DatabaseFailure.of(failure)).isEqualTo(DatabaseFailure.BUSY);
        assertThat(DatabaseFailure.BUSY.isUnavailable()).isTrue();
    }

    @Test
    void takesAConnectionFailureWithoutDetailsForAnOutage() {
        assertThat(DatabaseFailure.of(new CannotGetJdbcConnectionException("Failed to obtain JDBC Connection")))
                .isEqualTo(DatabaseFailure.UNREACHABLE);
    }

    @Test
    void leavesErrorsTheDatabaseAnsweredAlone() {
        assertThat(DatabaseFailure.of(new DataIntegrityViolationException("duplicate key",
                new SQLException("duplicate key value violates unique constraint", "23505"))))
                .isEqualTo(DatabaseFailure.NONE);
        assertThat(DatabaseFailure.of(new DataAccessResourceFailureException("statement too complex",
                new SQLException("stack depth limit exceeded", "54001"))))
                .isEqualTo(DatabaseFailure.NONE);
        assertThat(DatabaseFailure.of(new IllegalStateException("a bug"))).isEqualTo(DatabaseFailure.NONE);
    }

    @Test
    void survivesACauseChainThatLoops() {
        var first = new RuntimeException("first");
        var second = new RuntimeException("second", first);
        first.initCause(second);

        assertThat(DatabaseFailure.of(first)).isEqualTo(DatabaseFailure.NONE);
    }
}
