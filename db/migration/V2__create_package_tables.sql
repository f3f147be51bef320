CREATE TABLE package (
    id             uuid PRIMARY KEY,
    application_id uuid          NOT NULL REFERENCES application (id) ON DELETE CASCADE,
    version        varchar(255)  NOT NULL,
    arch           varchar(8)    NOT NULL CHECK (arch IN ('amd64', 'arm64', 'all')),
    type           varchar(16)   NOT NULL CHECK (type IN ('flatcar', 'other')),
    codebase_url   varchar(1024) NOT NULL CHECK (codebase_url LIKE '%/'),
    file_name      varchar(255)  NOT NULL,
    size           bigint        NOT NULL CHECK (size > 0),
    sha1           varchar(28)   NOT NULL,
    sha256         varchar(44)   NOT NULL,
    description    text          NOT NULL DEFAULT '',
    created_at     timestamptz   NOT NULL DEFAULT now(),
    CONSTRAINT package_version_unique UNIQUE (application_id, version, arch)
);

-- Files shipped in the same manifest after the main payload (e.g. OEM system extensions).
CREATE TABLE package_file (
    package_id uuid         NOT NULL REFERENCES package (id) ON DELETE CASCADE,
    position   integer      NOT NULL,
    name       varchar(255) NOT NULL,
    size       bigint       NOT NULL CHECK (size > 0),
    sha1       varchar(28)  NOT NULL,
    sha256_hex varchar(64)  NOT NULL,
    PRIMARY KEY (package_id, position)
);
