-- Exact counts of each group's non-retired instances by version, status and hold reason ('' when none),
-- so the group page never aggregates the fleet. A trigger appends +1/-1 rows to group_census_delta (insert-only: no row that
-- every status change must lock); a job folds them into group_census; readers add both.
CREATE TABLE group_census (
    group_id    uuid         NOT NULL,
    version     varchar(255) NOT NULL,
    status      varchar(16)  NOT NULL,
    hold_reason varchar(32)  NOT NULL,
    instances   bigint       NOT NULL,
    PRIMARY KEY (group_id, version, status, hold_reason)
);

CREATE TABLE group_census_delta (
    id          bigserial    PRIMARY KEY,
    group_id    uuid         NOT NULL,
    version     varchar(255) NOT NULL,
    status      varchar(16)  NOT NULL,
    hold_reason varchar(32)  NOT NULL,
    change      integer      NOT NULL
);

CREATE INDEX group_census_delta_group_idx ON group_census_delta (group_id);

CREATE FUNCTION count_group_census() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.group_id IS NOT NULL AND NOT OLD.retired THEN
        INSERT INTO group_census_delta (group_id, version, status, hold_reason, change)
        VALUES (OLD.group_id, OLD.version, OLD.status, coalesce(OLD.hold_reason, ''), -1);
    END IF;
    IF TG_OP IN ('UPDATE', 'INSERT') AND NEW.group_id IS NOT NULL AND NOT NEW.retired THEN
        INSERT INTO group_census_delta (group_id, version, status, hold_reason, change)
        VALUES (NEW.group_id, NEW.version, NEW.status, coalesce(NEW.hold_reason, ''), 1);
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER instance_app_state_counts_census AFTER INSERT OR DELETE ON instance_app_state
    FOR EACH ROW EXECUTE FUNCTION count_group_census();

-- Last-seen writes (the most frequent) change none of these columns and cost nothing here.
CREATE TRIGGER instance_app_state_recounts_census AFTER UPDATE ON instance_app_state
    FOR EACH ROW
    WHEN (OLD.group_id IS DISTINCT FROM NEW.group_id OR OLD.version IS DISTINCT FROM NEW.version
          OR OLD.status IS DISTINCT FROM NEW.status OR OLD.hold_reason IS DISTINCT FROM NEW.hold_reason
          OR OLD.retired IS DISTINCT FROM NEW.retired)
    EXECUTE FUNCTION count_group_census();

CREATE FUNCTION truncate_group_census() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    TRUNCATE group_census, group_census_delta;
    RETURN NULL;
END
$$;

CREATE TRIGGER instance_app_state_truncates_census AFTER TRUNCATE ON instance_app_state
    FOR EACH STATEMENT EXECUTE FUNCTION truncate_group_census();

INSERT INTO group_census (group_id, version, status, hold_reason, instances)
SELECT group_id, version, status, coalesce(hold_reason, ''), count(*)
FROM instance_app_state
WHERE group_id IS NOT NULL AND NOT retired
GROUP BY group_id, version, status, coalesce(hold_reason, '');
