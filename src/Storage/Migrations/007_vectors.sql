-- Fleet.Retrieval's vector store (PostgresChunkCollection): chunks and their MiniLM embeddings as float4[] (the
-- server has no pgvector), so they are transactional and backed up with everything else. Each process that searches
-- keeps an in-memory copy and brings it up to date by revision: every write takes the next revision under the
-- collection's advisory lock, so revisions commit in order and "revision > last seen" never skips a write.
CREATE SEQUENCE vector_revisions;

CREATE TABLE vector_chunks (
    collection   text     NOT NULL,
    key          text     NOT NULL,
    document_id  text     NOT NULL,
    chunk        int      NOT NULL,
    text         text     NOT NULL,
    embedding    float4[] NOT NULL,
    revision     bigint   NOT NULL,
    PRIMARY KEY (collection, key)
);
CREATE INDEX vector_chunks_by_revision ON vector_chunks (collection, revision);
CREATE INDEX vector_chunks_by_document ON vector_chunks (collection, document_id);

-- A deleted chunk leaves a tombstone, so copies in other processes learn of the delete.
CREATE TABLE vector_deletions (
    collection  text   NOT NULL,
    key         text   NOT NULL,
    revision    bigint NOT NULL,
    PRIMARY KEY (collection, revision)
);

-- What ingestion has stored, by content hash: an unchanged file costs nothing on the next run.
CREATE TABLE rag_documents (
    document_id   text        PRIMARY KEY,
    source        text        NOT NULL,
    content_hash  text        NOT NULL,
    chunks        int         NOT NULL,
    bytes         bigint      NOT NULL,
    ingested_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX rag_documents_by_source ON rag_documents (source);
