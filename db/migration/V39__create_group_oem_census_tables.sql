-- Exact counts of each group's non-retired instances by OEM, so pages and the promote warning can say how many
-- nodes lack their OEM system extension without aggregating the fleet. Same scheme as the group census (V27):
-- a trigger appends +1/-1 rows to group_oem_census_delta, GroupCensus folds them, readers add both.
-- The OEM is kept on the state row (as the node last reported it, '' when never) so the trigger needs no join.
ALTER TABLE instance_app_state ADD COLUMN oem varchar(256) NOT NULL DEFAULT '';

UPDATE instance_app_state s SET oem = i.oem FROM instance i WHERE i.machine_id = s.machine_id AND i.oem <> '';

CREATE TABLE group_oem_census (
    group_id  uuid         NOT NULL,
    oem       varchar(256) NOT NULL,
    instances bigint       NOT NULL,
    PRIMARY KEY (group_id, oem)
);

CREATE TABLE group_oem_census_delta (
    id       bigserial    PRIMARY KEY,
    group_id uuid         NOT NULL,
    oem      varchar(256) NOT NULL,
    change   integer      NOT NULL
);

CREATE INDEX group_oem_census_delta_group_idx ON group_oem_census_delta (group_id);

CREATE FUNCTION count_group_oem_census() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.group_id IS NOT NULL AND NOT OLD.retired THEN
        INSERT INTO group_oem_census_delta (group_id, oem, change) VALUES (OLD.group_id, OLD.oem, -1);
    END IF;
    IF TG_OP IN ('UPDATE', 'INSERT') AND NEW.group_id IS NOT NULL AND NOT NEW.retired THEN
        INSERT INTO group_oem_census_delta (group_id, oem, change) VALUES (NEW.group_id, NEW.oem, 1);
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER instance_app_state_counts_oem_census AFTER INSERT OR DELETE ON instance_app_state
    FOR EACH ROW EXECUTE FUNCTION count_group_oem_census();

-- Status changes and last-seen writes leave these columns alone and cost nothing here.
CREATE TRIGGER instance_app_state_recounts_oem_census AFTER UPDATE ON instance_app_state
    FOR EACH ROW
    WHEN (OLD.group_id IS DISTINCT FROM NEW.group_id OR OLD.oem IS DISTINCT FROM NEW.oem
          OR OLD.retired IS DISTINCT FROM NEW.retired)
    EXECUTE FUNCTION count_group_oem_census();

CREATE FUNCTION truncate_group_oem_census() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    TRUNCATE group_oem_census, group_oem_census_delta;
    RETURN NULL;
END
$$;

CREATE TRIGGER instance_app_state_truncates_oem_census AFTER TRUNCATE ON instance_app_state
    FOR EACH STATEMENT EXECUTE FUNCTION truncate_group_oem_census();

INSERT INTO group_oem_census (group_id, oem, instances)
SELECT group_id, oem, count(*)
FROM instance_app_state
WHERE group_id IS NOT NULL AND NOT retired
GROUP BY group_id, oem;
