-- Where Platte tells people what happened: one row per webhook an admin defined. The secret signs every
-- delivery (HMAC-SHA256), so it is kept as given: Platte must be able to compute the same MAC again.
CREATE TABLE webhook (
    id             uuid PRIMARY KEY,
    name           varchar(100)  NOT NULL UNIQUE,
    url            varchar(2000) NOT NULL,
    secret         varchar(200)  NOT NULL CHECK (length(secret) >= 16),
    format         varchar(20)   NOT NULL CHECK (format IN ('cloudevents', 'slack')),
    -- Wire names of the event types it receives (rollout.started, group.paused, ...); never empty.
    event_types    text[]        NOT NULL CHECK (cardinality(event_types) > 0),
    application_id uuid REFERENCES application (id) ON DELETE CASCADE,
    group_id       uuid REFERENCES update_group (id) ON DELETE CASCADE,
    enabled        boolean       NOT NULL DEFAULT true,
    created_at     timestamptz   NOT NULL,
    created_by     varchar(200)  NOT NULL,
    row_version    bigint        NOT NULL DEFAULT 0,
    -- A group filter names its application too, so an application's deletion removes the webhook's scope.
    CONSTRAINT webhook_group_has_application CHECK (group_id IS NULL OR application_id IS NOT NULL)
);
