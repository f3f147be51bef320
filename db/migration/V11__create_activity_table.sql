CREATE TABLE activity (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    created_at     timestamptz  NOT NULL,
    kind           varchar(32)  NOT NULL,
    severity       varchar(8)   NOT NULL CHECK (severity IN ('success', 'info', 'warning', 'error')),
    application_id uuid REFERENCES application (id) ON DELETE CASCADE,
    group_id       uuid REFERENCES update_group (id) ON DELETE SET NULL,
    channel_id     uuid REFERENCES channel (id) ON DELETE SET NULL,
    machine_id     varchar(100),
    version        varchar(255),
    actor          varchar(100),
    message        text         NOT NULL
);

CREATE INDEX activity_created_idx ON activity (created_at DESC);
CREATE INDEX activity_application_created_idx ON activity (application_id, created_at DESC);
CREATE INDEX activity_group_created_idx ON activity (group_id, created_at DESC);
