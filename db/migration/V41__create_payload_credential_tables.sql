-- Private payload downloads: an application may require HTTP Basic credentials on /payloads/ (update_engine
-- sends DOWNLOAD_USER / DOWNLOAD_PASSWORD from update.conf). Several named credentials per application, for
-- rotation; secrets are random and shown once, only their SHA-256 is kept (as for API tokens).
CREATE TABLE payload_access (
    application_id       uuid    PRIMARY KEY REFERENCES application (id) ON DELETE CASCADE,
    credentials_required boolean NOT NULL
);

CREATE TABLE payload_credential (
    id             uuid         PRIMARY KEY,
    application_id uuid         NOT NULL REFERENCES application (id) ON DELETE CASCADE,
    name           varchar(100) NOT NULL,
    secret_hash    varchar(64)  NOT NULL,
    created_by     varchar(100) NOT NULL,
    created_at     timestamptz  NOT NULL,
    revoked_at     timestamptz
);

-- A name is the Basic user name: unique among an application's live credentials.
CREATE UNIQUE INDEX payload_credential_live_name_idx ON payload_credential (application_id, name) WHERE revoked_at IS NULL;
