package dev.platte.audit;

/**
 * An event about a change admins answer for. The audit trail listens to every such event, in the transaction
 * that published it: a change that rolls back leaves no entry, and no change goes unrecorded.
 */
public interface AuditedChange {

    /** What the audit trail records of the change, or {@code null} when it records nothing. */
    AuditTrail.Change auditEntry();
}
