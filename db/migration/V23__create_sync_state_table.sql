-- What the syncer last saw of each upstream channel: failures are visible here, not only in a log.
CREATE TABLE sync_state (
    upstream        varchar(100) NOT NULL,
    channel         varchar(50)  NOT NULL,
    arch            varchar(8)   NOT NULL,
    last_attempt_at timestamptz,
    last_success_at timestamptz,
    last_error      text,
    last_change     text,
    upstream_version varchar(255),
    PRIMARY KEY (upstream, channel, arch)
);
