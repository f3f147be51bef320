-- Weekly windows in which a group may grant updates; a group without any grants at any time.
CREATE TABLE group_maintenance_window (
    group_id   uuid        NOT NULL REFERENCES update_group (id) ON DELETE CASCADE,
    position   integer     NOT NULL,
    days       varchar(27) NOT NULL,
    start_time time        NOT NULL,
    end_time   time        NOT NULL,
    time_zone  varchar(64) NOT NULL,
    PRIMARY KEY (group_id, position)
);
