package dev.platte.notification;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The {@code webhook_delivery} table: rows are written in the transaction of the change they tell of,
 * claimed by one replica at a time ({@code FOR UPDATE SKIP LOCKED}, then a lease on
 * {@code next_attempt_at}), and finished only by the claim that sent them.
 */
@Repository
class Outbox {

    private static final String COLUMNS = "id, webhook_id, event_id, event_type, status, attempts, created_at, "
            + "next_attempt_at, last_attempt_at, last_status_code, last_error, finished_at";
    static final int MAX_ERROR_LENGTH = 500;

    private final JdbcTemplate jdbc;

    Outbox(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** A delivery claimed for one attempt, with what sending it needs. */
    record Claim(UUID id, UUID token, UUID webhookId, UUID eventId, String eventType, String body, int attempts,
            Instant giveUpAt, String url, String secret, boolean enabled) {}

    /** Adds a pending delivery, due at once; a second one of the same event for the same webhook is ignored. */
    UUID add(UUID webhookId, Notification notification, String body, Instant now, Instant giveUpAt) {
        var id = UUID.randomUUID();
        jdbc.update("""
                INSERT INTO webhook_delivery (id, webhook_id, event_id, event_type, body, status, attempts, created_at,
                                              next_attempt_at, give_up_at)
                VALUES (?, ?, ?, ?, ?, 'pending', 0, ?, ?, ?)
                ON CONFLICT (webhook_id, event_id) DO NOTHING""",
                id, webhookId, notification.id(), notification.type().wireName(), body, ts(now), ts(now), ts(giveUpAt));
        return id;
    }

    /**
     * Claims up to {@code limit} due deliveries (or just {@code only}) in one short transaction of its own:
     * rows another replica is claiming are skipped, and the claimed ones are out of reach until
     * {@code leaseUntil}, when an attempt that never reported back is made again.
     */
    List<Claim> claim(Instant now, Instant leaseUntil, int limit, UUID only) {
        var token = UUID.randomUUID();
        return jdbc.query("""
                UPDATE webhook_delivery d SET next_attempt_at = ?, claim_token = ?
                FROM (SELECT id FROM webhook_delivery
                      WHERE status = 'pending' AND next_attempt_at <= ? AND (?::uuid IS NULL OR id = ?::uuid)
                      ORDER BY next_attempt_at LIMIT ? FOR UPDATE SKIP LOCKED) due, webhook w
                WHERE d.id = due.id AND w.id = d.webhook_id
                RETURNING d.id, d.claim_token, d.webhook_id, d.event_id, d.event_type, d.body, d.attempts, d.give_up_at,
                          w.url, w.secret, w.enabled""",
                (rs, row) -> new Claim(rs.getObject("id", UUID.class), rs.getObject("claim_token", UUID.class),
                        rs.getObject("webhook_id", UUID.class), rs.getObject("event_id", UUID.class),
                        rs.getString("event_type"), rs.getString("body"), rs.getInt("attempts"),
                        rs.getTimestamp("give_up_at").toInstant(), rs.getString("url"), rs.getString("secret"),
                        rs.getBoolean("enabled")),
                ts(leaseUntil), token, ts(now), only, only, limit);
    }

    /** Records a 2xx answer; {@code false} if the claim had expired and another replica took the row over. */
    boolean delivered(Claim claim, Instant now, int statusCode) {
        return jdbc.update("""
                UPDATE webhook_delivery SET status = 'delivered', attempts = attempts + 1, last_attempt_at = ?,
                       last_status_code = ?, last_error = NULL, next_attempt_at = NULL, claim_token = NULL, finished_at = ?
                WHERE id = ? AND claim_token = ?""",
                ts(now), statusCode, ts(now), claim.id(), claim.token()) == 1;
    }

    /** Records a failed attempt: due again at {@code retryAt}, or given up when that is {@code null}. */
    boolean failed(Claim claim, Instant now, Integer statusCode, String error, Instant retryAt) {
        var message = error.length() > MAX_ERROR_LENGTH ? error.substring(0, MAX_ERROR_LENGTH - 1) + "…" : error;
        return jdbc.update("""
                UPDATE webhook_delivery SET status = ?, attempts = attempts + 1, last_attempt_at = ?,
                       last_status_code = ?, last_error = ?, next_attempt_at = ?, claim_token = NULL, finished_at = ?
                WHERE id = ? AND claim_token = ?""",
                retryAt == null ? "failed" : "pending", ts(now), statusCode, message, ts(retryAt),
                retryAt == null ? ts(now) : null, claim.id(), claim.token()) == 1;
    }

    List<Delivery> ofWebhook(UUID webhookId, int limit) {
        return jdbc.query("SELECT " + COLUMNS + " FROM webhook_delivery WHERE webhook_id = ? "
                + "ORDER BY created_at DESC, id LIMIT ?", Outbox::delivery, webhookId, limit);
    }

    List<Delivery> find(UUID deliveryId) {
        return jdbc.query("SELECT " + COLUMNS + " FROM webhook_delivery WHERE id = ?", Outbox::delivery, deliveryId);
    }

    /** Deletes up to {@code limit} finished deliveries that finished before {@code cutoff}. */
    int prune(Instant cutoff, int limit) {
        return jdbc.update("""
                DELETE FROM webhook_delivery WHERE id IN (
                    SELECT id FROM webhook_delivery WHERE status <> 'pending' AND finished_at < ? LIMIT ?)""",
                ts(cutoff), limit);
    }

    private static Delivery delivery(ResultSet rs, int row) throws SQLException {
        return new Delivery(rs.getObject("id", UUID.class), rs.getObject("webhook_id", UUID.class),
                rs.getObject("event_id", UUID.class), rs.getString("event_type"),
                DeliveryStatus.fromWireName(rs.getString("status")), rs.getInt("attempts"),
                instant(rs.getTimestamp("created_at")), instant(rs.getTimestamp("next_attempt_at")),
                instant(rs.getTimestamp("last_attempt_at")), (Integer) rs.getObject("last_status_code"),
                rs.getString("last_error"), instant(rs.getTimestamp("finished_at")));
    }

    private static Timestamp ts(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
