-- The latest refusals per reboot group, a ring: position is the refusal's number modulo the number kept,
-- so a group never has more rows than that however often its clients are refused.
CREATE TABLE reboot_refusal (
    group_name varchar(100) NOT NULL REFERENCES reboot_group (name) ON DELETE CASCADE,
    position   smallint     NOT NULL CHECK (position >= 0),
    holder_id  varchar(255) NOT NULL,
    kind       varchar(32)  NOT NULL,
    message    text         NOT NULL,
    refused_at timestamptz  NOT NULL,
    PRIMARY KEY (group_name, position)
);
