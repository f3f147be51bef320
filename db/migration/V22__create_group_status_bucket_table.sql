-- Status changes per group, counted in 5-minute buckets as they happen, so timelines over 30 days read
-- a few thousand rows instead of every history row. version is set for completions only.
CREATE TABLE group_status_bucket (
    group_id     uuid         NOT NULL REFERENCES update_group (id) ON DELETE CASCADE,
    bucket_start timestamptz  NOT NULL,
    status       varchar(16)  NOT NULL,
    version      varchar(255) NOT NULL DEFAULT '',
    changes      integer      NOT NULL,
    PRIMARY KEY (group_id, bucket_start, status, version)
);

INSERT INTO group_status_bucket (group_id, bucket_start, status, version, changes)
SELECT group_id,
       date_bin(interval '5 minutes', created_at, TIMESTAMPTZ 'epoch'),
       status,
       CASE WHEN status = 'complete' THEN coalesce(version, '') ELSE '' END,
       count(*)
FROM instance_status_history
WHERE group_id IS NOT NULL
GROUP BY 1, 2, 3, 4;
