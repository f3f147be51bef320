CREATE TABLE user_account (
    username      varchar(100) PRIMARY KEY,
    password_hash varchar(255) NOT NULL,
    role          varchar(16)  NOT NULL CHECK (role IN ('admin', 'viewer')),
    created_at    timestamptz  NOT NULL DEFAULT now()
);
