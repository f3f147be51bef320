-- Who changed what, with the values before and after (JSON); append-only.
CREATE TABLE audit_log (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    created_at  timestamptz  NOT NULL,
    actor       varchar(120) NOT NULL,
    action      varchar(60)  NOT NULL,
    target_type varchar(40)  NOT NULL,
    target_id   varchar(100) NOT NULL,
    before_json text,
    after_json  text
);

CREATE INDEX audit_log_created_idx ON audit_log (created_at DESC);
CREATE INDEX audit_log_target_idx ON audit_log (target_type, target_id, created_at DESC);
CREATE INDEX audit_log_actor_idx ON audit_log (actor, created_at DESC);
