-- Kill switches (issue 30, docs/adr/027-kill-switches.md): one row per optional section switched off, for every
-- platform (platform '*') or for one (the app's X-App-Platform, lower case). Switching it on again deletes the row.
-- Every instance reads the table every killSwitches.pollInterval. Runs unchanged on PostgreSQL and on H2
-- (MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE).
-- actor: who switched it off, as the rollout history's actor ('admin <user>' or 'admin (open admin port)', optionally
-- '... by <name>'); reason: why, as given (optional, at most 500 characters).
CREATE TABLE section_kill_switch (
    screen_id   VARCHAR(100)             NOT NULL,
    section_id  VARCHAR(100)             NOT NULL,
    platform    VARCHAR(64)              NOT NULL,
    switched_at TIMESTAMP WITH TIME ZONE NOT NULL,
    actor       VARCHAR(200)             NOT NULL,
    reason      VARCHAR(500),
    CONSTRAINT section_kill_switch_pk PRIMARY KEY (screen_id, section_id, platform)
);
