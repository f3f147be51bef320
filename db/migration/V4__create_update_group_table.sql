CREATE TABLE update_group (
    id                      uuid PRIMARY KEY,
    application_id          uuid         NOT NULL REFERENCES application (id) ON DELETE CASCADE,
    name                    varchar(100) NOT NULL,
    description             text         NOT NULL DEFAULT '',
    track                   varchar(256) NOT NULL CHECK (track <> ''),
    -- RESTRICT: a channel that groups follow cannot be deleted by accident.
    channel_id              uuid REFERENCES channel (id) ON DELETE RESTRICT,
    updates_enabled         boolean      NOT NULL DEFAULT true,
    paused_at               timestamptz,
    paused_by               varchar(100),
    paused_reason           text,
    safe_mode               boolean      NOT NULL DEFAULT false,
    max_updates_per_period  integer CHECK (max_updates_per_period > 0),
    update_period_seconds   integer      NOT NULL DEFAULT 3600 CHECK (update_period_seconds > 0),
    update_timeout_seconds  integer      NOT NULL DEFAULT 3600 CHECK (update_timeout_seconds > 0),
    created_at              timestamptz  NOT NULL DEFAULT now(),
    CONSTRAINT update_group_name_unique UNIQUE (application_id, name),
    CONSTRAINT update_group_pause_complete CHECK ((paused_at IS NULL) = (paused_reason IS NULL))
);

CREATE INDEX update_group_track_idx ON update_group (application_id, track);
CREATE INDEX update_group_channel_idx ON update_group (channel_id);
