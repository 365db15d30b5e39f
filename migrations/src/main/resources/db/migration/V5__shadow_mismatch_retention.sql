-- Stored mismatches expire: every instance deletes those found before now - migration.shadow.keepMismatchesFor,
-- oldest first in bounded batches (docs/adr/024-mismatches-without-personal-data.md). This index finds them.
-- Runs unchanged on PostgreSQL and on H2 (MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE).
CREATE INDEX shadow_mismatch_found_at_idx ON shadow_mismatch (found_at, id);
