-- A version withdrawn for every channel of its application (channel_id NULL) or for one channel.
CREATE TABLE package_revocation (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    package_id uuid         NOT NULL REFERENCES package (id) ON DELETE CASCADE,
    channel_id uuid REFERENCES channel (id) ON DELETE CASCADE,
    reason     text         NOT NULL CHECK (reason <> ''),
    actor      varchar(100) NOT NULL,
    created_at timestamptz  NOT NULL
);

CREATE UNIQUE INDEX package_revocation_scope_unique
    ON package_revocation (package_id, COALESCE(channel_id, '00000000-0000-0000-0000-000000000000'::uuid));
