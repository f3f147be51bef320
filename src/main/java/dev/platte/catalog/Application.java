package dev.platte.catalog;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** Something Platte ships updates for, named by Omaha clients through its UUID or product id. */
@Entity
@Table(name = "application")
public class Application {

    /** The application Flatcar's update_engine asks for. */
    public static final UUID FLATCAR_ID = UUID.fromString("e96281a6-d1af-4bde-9a0a-97b76e56dc57");

    @Id
    private UUID id;

    private String name;

    private String description;

    @Column(name = "product_id")
    private String productId;

    @Column(name = "created_at", updatable = false)
    private Instant createdAt;

    protected Application() {}

    public Application(UUID id, String name, String description, String productId, Instant createdAt) {
        this.id = id == null ? UUID.randomUUID() : id;
        this.createdAt = createdAt;
        update(name, description, productId);
    }

    public void update(String name, String description, String productId) {
        this.name = name;
        this.description = description == null ? "" : description;
        this.productId = productId == null || productId.isBlank() ? null : productId;
    }

    public UUID id() {
        return id;
    }

    public String name() {
        return name;
    }

    public String description() {
        return description;
    }

    public String productId() {
        return productId;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public boolean isFlatcar() {
        return FLATCAR_ID.equals(id);
    }

    /** What the audit trail records of it. */
    public Map<String, Object> snapshot() {
        var map = new LinkedHashMap<String, Object>();
        map.put("id", id);
        map.put("name", name);
        map.put("description", description);
        map.put("productId", productId);
        return map;
    }
}
