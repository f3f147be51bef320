package dev.platte.admin.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.platte.database.DatabaseAvailability;
import dev.platte.database.DatabaseProperties;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.transaction.CannotCreateTransactionException;

/** A database outage in the middle of an API call (after authentication, which needs the database too). */
class ApiExceptionHandlerTests {

    private static final CannotCreateTransactionException REFUSED = new CannotCreateTransactionException(
            "Could not open JPA EntityManager for transaction", new SQLException("Connection refused", "08001"));

    private final DatabaseAvailability database = new DatabaseAvailability(new SimpleDriverDataSource(),
            new DatabaseProperties(Duration.ofSeconds(30), Duration.ofSeconds(1), Duration.ofSeconds(1)),
            Clock.systemUTC());
    private final ApiExceptionHandler handler = new ApiExceptionHandler(database);

    @Test
    void answersAnUnreachableDatabaseWith503AndRetryAfter() {
        var response = handler.databaseUnavailable(REFUSED, new MockHttpServletRequest("GET", "/api/v1/apps"));

        assertThat(response.getStatusCode().value()).isEqualTo(503);
        assertThat(response.getHeaders().getFirst("Retry-After")).isEqualTo("30");
        assertThat(response.getBody().getTitle()).isEqualTo("Database unavailable");
        assertThat(database.isAvailable()).isFalse();
    }

    @Test
    void leavesNodesAndPagesToTheOutageFilter() {
        assertThatThrownBy(() -> handler.databaseUnavailable(REFUSED, new MockHttpServletRequest("POST", "/v1/update/")))
                .isSameAs(REFUSED);
        assertThatThrownBy(() -> handler.databaseUnavailable(REFUSED, new MockHttpServletRequest("GET", "/groups")))
                .isSameAs(REFUSED);
    }

    @Test
    void leavesOtherDataAccessFailuresAsTheyWere() {
        var bug = new DataIntegrityViolationException("x", new SQLException("syntax error", "42601"));

        assertThatThrownBy(() -> handler.databaseUnavailable(bug, new MockHttpServletRequest("GET", "/api/v1/apps")))
                .isSameAs(bug);
        assertThat(database.isAvailable()).isTrue();
    }
}
