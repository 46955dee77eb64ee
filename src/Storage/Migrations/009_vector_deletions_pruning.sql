-- Deletion tombstones (vector_deletions) are pruned once older than Ingestion:DeletionRetentionHours, at the end of
-- each ingest.run (PostgresChunkCollection.PruneDeletionsAsync). vector_prunes keeps, per collection, the newest
-- revision pruned: an in-memory copy that synced last below it may have missed a delete, so it reloads in full.
ALTER TABLE vector_deletions ADD COLUMN deleted_at timestamptz NOT NULL DEFAULT now();
CREATE INDEX vector_deletions_by_age ON vector_deletions (collection, deleted_at);

CREATE TABLE vector_prunes (
    collection        text   PRIMARY KEY,
    through_revision  bigint NOT NULL
);
