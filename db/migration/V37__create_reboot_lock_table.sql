-- Who holds a reboot slot, since when. At most the group's slots rows per group.
CREATE TABLE reboot_lock (
    group_name  varchar(100) NOT NULL REFERENCES reboot_group (name) ON DELETE CASCADE,
    holder_id   varchar(255) NOT NULL CHECK (holder_id <> ''),
    acquired_at timestamptz  NOT NULL,
    PRIMARY KEY (group_name, holder_id)
);

-- An instance's page looks its locks up by machine id; the expiry sweep by age.
CREATE INDEX reboot_lock_holder_idx ON reboot_lock (holder_id);
CREATE INDEX reboot_lock_acquired_idx ON reboot_lock (acquired_at);
