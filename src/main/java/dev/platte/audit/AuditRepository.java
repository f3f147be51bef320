package dev.platte.audit;

import java.util.List;
import org.springframework.data.repository.Repository;

/** Insert and read only: the product never updates or deletes audit entries. */
interface AuditRepository extends Repository<AuditEntry, Long> {

    AuditEntry save(AuditEntry entry);

    List<AuditEntry> findAllById(Iterable<Long> ids);
}
