-- API tokens are shown once; only their SHA-256 is kept.
CREATE TABLE api_token (
    id           uuid PRIMARY KEY,
    name         varchar(100) NOT NULL,
    token_hash   varchar(64)  NOT NULL UNIQUE,
    role         varchar(16)  NOT NULL CHECK (role IN ('admin', 'viewer')),
    created_by   varchar(100) NOT NULL,
    created_at   timestamptz  NOT NULL,
    expires_at   timestamptz,
    revoked_at   timestamptz,
    last_used_at timestamptz
);
