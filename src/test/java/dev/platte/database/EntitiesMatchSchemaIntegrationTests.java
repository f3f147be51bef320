package dev.platte.database;

import static org.assertj.core.api.Assertions.assertThatNoException;

import dev.platte.support.ServerTest;
import jakarta.persistence.EntityManagerFactory;
import org.hibernate.SessionFactory;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Flyway owns the schema and Hibernate does not re-read it at every start ({@code ddl-auto: none}): this is
 * where a mapped entity that does not match the migrated tables fails.
 */
class EntitiesMatchSchemaIntegrationTests extends ServerTest {

    @Autowired
    EntityManagerFactory entityManagerFactory;

    @Test
    void mapsEveryEntityOntoTheMigratedSchema() {
        var schema = entityManagerFactory.unwrap(SessionFactory.class).getSchemaManager();

        assertThatNoException().isThrownBy(schema::validateMappedObjects);
    }
}
