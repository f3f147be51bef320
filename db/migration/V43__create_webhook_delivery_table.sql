-- The transactional outbox: a row per event per matching webhook, written in the transaction of the change
-- itself (a rolled-back change leaves none), then sent, retried and finally pruned by the dispatcher.
CREATE TABLE webhook_delivery (
    id               uuid PRIMARY KEY,
    webhook_id       uuid          NOT NULL REFERENCES webhook (id) ON DELETE CASCADE,
    event_id         uuid          NOT NULL,
    event_type       varchar(50)   NOT NULL,
    -- The exact body sent on every attempt, so a receiver's idempotency and signature see the same bytes.
    body             text          NOT NULL,
    status           varchar(20)   NOT NULL CHECK (status IN ('pending', 'delivered', 'failed')),
    attempts         integer       NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    created_at       timestamptz   NOT NULL,
    -- When a pending row may be sent next; a claim moves it past the attempt's timeouts (its lease).
    next_attempt_at  timestamptz,
    give_up_at       timestamptz   NOT NULL,
    claim_token      uuid,
    last_attempt_at  timestamptz,
    last_status_code integer,
    -- Platte's words plus at most a short, sanitized excerpt of the receiver's answer.
    last_error       varchar(500),
    finished_at      timestamptz,
    CONSTRAINT webhook_delivery_once UNIQUE (webhook_id, event_id),
    CONSTRAINT webhook_delivery_pending_has_time CHECK ((status = 'pending') = (next_attempt_at IS NOT NULL))
);
