-- ShedLock's lock table: one row per job that runs on one replica at a time (retention, census fold and
-- retirement, payload sweep, configuration file, sync per upstream). Times are the database's (usingDbTime).
CREATE TABLE shedlock (
    name       VARCHAR(128) NOT NULL PRIMARY KEY,
    lock_until TIMESTAMP    NOT NULL,
    locked_at  TIMESTAMP    NOT NULL,
    locked_by  VARCHAR(255) NOT NULL
);
