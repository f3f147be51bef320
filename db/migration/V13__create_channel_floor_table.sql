-- Mandatory intermediate versions: a node below a floor is updated to it before anything newer.
CREATE TABLE channel_floor (
    channel_id uuid        NOT NULL REFERENCES channel (id) ON DELETE CASCADE,
    -- RESTRICT: a floor package cannot be deleted while a channel requires it.
    package_id uuid        NOT NULL REFERENCES package (id) ON DELETE RESTRICT,
    reason     text        NOT NULL DEFAULT '',
    created_at timestamptz NOT NULL,
    PRIMARY KEY (channel_id, package_id)
);

CREATE INDEX channel_floor_package_idx ON channel_floor (package_id);
