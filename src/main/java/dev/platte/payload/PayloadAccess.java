package dev.platte.payload;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.util.UUID;

/** Whether an application's hosted payloads require credentials (no row: they do not). */
@Entity
@Table(name = "payload_access")
class PayloadAccess {

    @Id
    @Column(name = "application_id")
    private UUID applicationId;

    @Column(name = "credentials_required")
    private boolean credentialsRequired;

    protected PayloadAccess() {}

    PayloadAccess(UUID applicationId, boolean credentialsRequired) {
        this.applicationId = applicationId;
        this.credentialsRequired = credentialsRequired;
    }

    boolean credentialsRequired() {
        return credentialsRequired;
    }

    void require(boolean required) {
        this.credentialsRequired = required;
    }
}
