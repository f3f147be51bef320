-- Hold nodes whose OEM system extension (oem-<OEM>.gz) the target package lacks, instead of granting an
-- update that would fail after the download. On by default.
ALTER TABLE update_group ADD COLUMN hold_missing_extension boolean NOT NULL DEFAULT true;
