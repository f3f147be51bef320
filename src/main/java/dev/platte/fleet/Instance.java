package dev.platte.fleet;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A machine that has talked to Platte, identified by its {@code /etc/machine-id}. */
@Entity
@Table(name = "instance")
public class Instance {

    @Id
    @Column(name = "machine_id")
    private String machineId;

    private String ip;

    private String alias;

    private String oem;

    @Column(name = "oem_version")
    private String oemVersion;

    @Column(name = "aleph_version")
    private String alephVersion;

    @Column(name = "boot_id")
    private String bootId;

    @Column(name = "first_seen_at")
    private Instant firstSeenAt;

    @Column(name = "last_seen_at")
    private Instant lastSeenAt;

    protected Instance() {}

    void changeAlias(String alias) {
        this.alias = alias == null ? "" : alias.strip();
    }

    /** What the audit trail records of it. */
    public java.util.Map<String, Object> snapshot() {
        var map = new java.util.LinkedHashMap<String, Object>();
        map.put("machineId", machineId);
        map.put("alias", alias);
        map.put("ip", ip);
        map.put("lastSeenAt", lastSeenAt);
        return map;
    }

    public String machineId() {
        return machineId;
    }

    public String ip() {
        return ip;
    }

    public String alias() {
        return alias;
    }

    public String oem() {
        return oem;
    }

    public String oemVersion() {
        return oemVersion;
    }

    public String alephVersion() {
        return alephVersion;
    }

    public String bootId() {
        return bootId;
    }

    public Instant firstSeenAt() {
        return firstSeenAt;
    }

    public Instant lastSeenAt() {
        return lastSeenAt;
    }
}
