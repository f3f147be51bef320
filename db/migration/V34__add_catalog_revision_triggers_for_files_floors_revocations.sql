-- Package files, floors and revocations are catalog too: a configuration apply locks catalog_revision
-- to serialize with every other catalog writer, so their writers must take that lock (by bumping it) as well.
CREATE TRIGGER package_file_bumps_catalog_revision AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON package_file
    FOR EACH STATEMENT EXECUTE FUNCTION bump_catalog_revision();
CREATE TRIGGER channel_floor_bumps_catalog_revision AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON channel_floor
    FOR EACH STATEMENT EXECUTE FUNCTION bump_catalog_revision();
CREATE TRIGGER package_revocation_bumps_catalog_revision
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON package_revocation
    FOR EACH STATEMENT EXECUTE FUNCTION bump_catalog_revision();
