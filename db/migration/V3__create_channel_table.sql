CREATE TABLE channel (
    id             uuid PRIMARY KEY,
    application_id uuid        NOT NULL REFERENCES application (id) ON DELETE CASCADE,
    name           varchar(50) NOT NULL,
    arch           varchar(8)  NOT NULL CHECK (arch IN ('amd64', 'arm64')),
    -- RESTRICT: a package a channel serves cannot disappear underneath it.
    package_id     uuid REFERENCES package (id) ON DELETE RESTRICT,
    created_at     timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT channel_name_arch_unique UNIQUE (application_id, name, arch)
);

CREATE INDEX channel_package_idx ON channel (package_id);
