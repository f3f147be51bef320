CREATE TABLE instance (
    machine_id    varchar(100) PRIMARY KEY,
    ip            varchar(45)  NOT NULL,
    alias         varchar(256) NOT NULL DEFAULT '',
    oem           varchar(256) NOT NULL DEFAULT '',
    oem_version   varchar(256) NOT NULL DEFAULT '',
    aleph_version varchar(256) NOT NULL DEFAULT '',
    boot_id       varchar(100) NOT NULL DEFAULT '',
    first_seen_at timestamptz  NOT NULL,
    last_seen_at  timestamptz  NOT NULL
);

-- What one instance runs of one application, and where its update stands.
CREATE TABLE instance_app_state (
    machine_id           varchar(100) NOT NULL REFERENCES instance (machine_id) ON DELETE CASCADE,
    application_id       uuid         NOT NULL REFERENCES application (id) ON DELETE CASCADE,
    group_id             uuid REFERENCES update_group (id) ON DELETE SET NULL,
    version              varchar(255) NOT NULL,
    status               varchar(16)  NOT NULL DEFAULT 'undefined' CHECK (status IN
        ('undefined', 'granted', 'downloading', 'downloaded', 'installed', 'complete', 'error', 'on_hold', 'timed_out')),
    status_changed_at    timestamptz  NOT NULL,
    hold_reason          varchar(32),
    update_in_progress   boolean      NOT NULL DEFAULT false,
    last_granted_version varchar(255),
    last_granted_at      timestamptz,
    last_error_code      bigint,
    last_check_at        timestamptz,
    created_at           timestamptz  NOT NULL,
    PRIMARY KEY (machine_id, application_id)
);

CREATE INDEX instance_app_state_group_status_idx ON instance_app_state (group_id, status);
CREATE INDEX instance_app_state_group_version_idx ON instance_app_state (group_id, version);
CREATE INDEX instance_app_state_application_idx ON instance_app_state (application_id);
-- Group instance lists sort by last check.
CREATE INDEX instance_app_state_group_last_check_idx ON instance_app_state (group_id, last_check_at DESC);
