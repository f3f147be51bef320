-- FleetLock reboot groups: a counting semaphore per name. A group's row is the lock that serializes
-- taking its slots, on every replica. Rows created by anonymous clients (configured = false) are capped in
-- number and pruned when idle; an admin's configuration keeps a row.
CREATE TABLE reboot_group (
    name             varchar(100) PRIMARY KEY CHECK (name ~ '^[a-zA-Z0-9.-]+$'),
    slots            integer      NOT NULL DEFAULT 1 CHECK (slots BETWEEN 1 AND 1000),
    -- track: tied to the Platte groups whose track is this name; group: to tied_group_id; none: untied.
    tie              varchar(8)   NOT NULL DEFAULT 'track' CHECK (tie IN ('track', 'group', 'none')),
    tied_group_id    uuid REFERENCES update_group (id) ON DELETE SET NULL,
    max_hold_seconds integer CHECK (max_hold_seconds > 0),
    windows_only     boolean      NOT NULL DEFAULT false,
    configured       boolean      NOT NULL DEFAULT false,
    -- How many refusals were ever recorded: the next one goes to position refusal_count % the kept number.
    refusal_count    bigint       NOT NULL DEFAULT 0,
    created_at       timestamptz  NOT NULL,
    last_used_at     timestamptz  NOT NULL
);

CREATE INDEX reboot_group_tied_group_idx ON reboot_group (tied_group_id);
