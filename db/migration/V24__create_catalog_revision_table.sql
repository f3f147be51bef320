-- A counter bumped by every change to what the update-check hot path reads from memory (applications,
-- packages, channels, groups and their windows). A replica compares it with its in-memory snapshot on
-- every check (in the same round trip that reads the node), so a change made anywhere is seen at once.
CREATE TABLE catalog_revision (
    singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    revision  bigint  NOT NULL
);

INSERT INTO catalog_revision (singleton, revision) VALUES (true, 1);

CREATE FUNCTION bump_catalog_revision() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE catalog_revision SET revision = revision + 1;
    RETURN NULL;
END
$$;

CREATE TRIGGER application_bumps_catalog_revision AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON application
    FOR EACH STATEMENT EXECUTE FUNCTION bump_catalog_revision();
CREATE TRIGGER package_bumps_catalog_revision AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON package
    FOR EACH STATEMENT EXECUTE FUNCTION bump_catalog_revision();
CREATE TRIGGER channel_bumps_catalog_revision AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON channel
    FOR EACH STATEMENT EXECUTE FUNCTION bump_catalog_revision();
CREATE TRIGGER update_group_bumps_catalog_revision AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON update_group
    FOR EACH STATEMENT EXECUTE FUNCTION bump_catalog_revision();
CREATE TRIGGER group_maintenance_window_bumps_catalog_revision
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON group_maintenance_window
    FOR EACH STATEMENT EXECUTE FUNCTION bump_catalog_revision();
