-- The rollout's allow-list as rows, one customer id a row, instead of a comma-separated VARCHAR(4000): no length
-- limit, and a change adds or removes rows. Runs unchanged on PostgreSQL and on H2 (MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE).
-- Customer ids are at most 64 characters (CustomerId); the rows belong to the one rollout row (id = 1).
CREATE TABLE home_rollout_allow (
    rollout_id  SMALLINT    NOT NULL,
    customer_id VARCHAR(64) NOT NULL,
    CONSTRAINT home_rollout_allow_pk PRIMARY KEY (rollout_id, customer_id),
    CONSTRAINT home_rollout_allow_rollout_fk FOREIGN KEY (rollout_id) REFERENCES home_rollout (id) ON DELETE CASCADE
);

-- The existing allow-list carried over: 'a,b,c' split at each comma, blanks and repeats dropped.
INSERT INTO home_rollout_allow (rollout_id, customer_id)
WITH RECURSIVE parts (rollout_id, rest, customer_id) AS (
    SELECT id, CAST(allow_list || ',' AS VARCHAR(4001)), CAST('' AS VARCHAR(4001)) FROM home_rollout
    UNION ALL
    SELECT rollout_id,
           CAST(SUBSTRING(rest FROM POSITION(',' IN rest) + 1) AS VARCHAR(4001)),
           CAST(TRIM(SUBSTRING(rest FROM 1 FOR POSITION(',' IN rest) - 1)) AS VARCHAR(4001))
    FROM parts
    WHERE rest <> ''
)
SELECT DISTINCT rollout_id, customer_id FROM parts WHERE customer_id <> '';

ALTER TABLE home_rollout DROP COLUMN allow_list;
