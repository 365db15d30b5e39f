-- The rollout plan and the lease of the instance that drives it (issue 29, "A rollout plan";
-- docs/adr/026-rollout-plan-lease.md). Runs unchanged on PostgreSQL and on H2 (MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE).

-- One plan at a time (id = 1), replaced by the next one once finished. Changed by compare-and-set on version.
-- steps: ascending percentages, comma-separated ("1,5,25,50,100"); step: the index of the step it is on.
-- applied_version: the home_rollout version the plan's last change wrote, -1 while its step is not applied yet;
-- a higher rollout version is someone else's change (the plan pauses: it never fights a person).
-- state: RUNNING, PAUSED, DONE, ROLLED_BACK, ABORTED (RolloutPlan.State; no CHECK: H2 fails one with IN); why: the last state change's reason.
CREATE TABLE home_rollout_plan (
    id                SMALLINT                 NOT NULL,
    steps             VARCHAR(400)             NOT NULL,
    step              INTEGER                  NOT NULL,
    step_started_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    dwell_ms          BIGINT                   NOT NULL,
    max_fallback_rate DOUBLE PRECISION         NOT NULL,
    max_mismatch_rate DOUBLE PRECISION         NOT NULL,
    max_p99_ms        BIGINT                   NOT NULL,
    min_samples       BIGINT                   NOT NULL,
    state             VARCHAR(16)              NOT NULL,
    why               VARCHAR(1000)            NOT NULL,
    started_by        VARCHAR(200)             NOT NULL,
    started_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    applied_version   BIGINT                   NOT NULL,
    version           BIGINT                   NOT NULL,
    CONSTRAINT home_rollout_plan_pk PRIMARY KEY (id),
    CONSTRAINT home_rollout_plan_single_row CHECK (id = 1)
);

-- Leases: the instance holding 'rollout-plan' (holder: host name and a start id) until expires_at drives the plan
-- and the automatic rollback; it renews every second, another takes it once it has expired.
CREATE TABLE migration_lease (
    name       VARCHAR(100)             NOT NULL,
    holder     VARCHAR(200)             NOT NULL,
    expires_at TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT migration_lease_pk PRIMARY KEY (name)
);
