-- Append-only: one row per status change of an (instance, application).
CREATE TABLE instance_status_history (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    machine_id     varchar(100) NOT NULL,
    application_id uuid         NOT NULL,
    group_id       uuid REFERENCES update_group (id) ON DELETE SET NULL,
    status         varchar(16)  NOT NULL,
    version        varchar(255),
    error_code     bigint,
    created_at     timestamptz  NOT NULL,
    FOREIGN KEY (machine_id, application_id) REFERENCES instance_app_state (machine_id, application_id) ON DELETE CASCADE
);

CREATE INDEX instance_status_history_instance_idx ON instance_status_history (machine_id, application_id, created_at);
CREATE INDEX instance_status_history_group_idx ON instance_status_history (group_id, created_at);

-- Events as update_engine reported them (except the "nothing new" 3/2 sent with every check).
CREATE TABLE instance_event (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    machine_id       varchar(100) NOT NULL,
    application_id   uuid         NOT NULL,
    event_type       integer      NOT NULL,
    event_result     integer      NOT NULL,
    error_code       bigint,
    previous_version varchar(255),
    reported_version varchar(255) NOT NULL,
    created_at       timestamptz  NOT NULL,
    FOREIGN KEY (machine_id, application_id) REFERENCES instance_app_state (machine_id, application_id) ON DELETE CASCADE
);

CREATE INDEX instance_event_instance_idx ON instance_event (machine_id, application_id, created_at);
