-- Job rows are also the job state machine's saga instances: the Api inserts a row, the Scheduler's
-- state machine moves it (optimistic concurrency on "version"), and GET /v1/jobs reads it with no join.
CREATE TABLE jobs (
    id                uuid PRIMARY KEY,
    tenant_id         text        NOT NULL,
    type              text        NOT NULL,
    state             text        NOT NULL,
    priority          int         NOT NULL DEFAULT 0,
    input             jsonb       NOT NULL,
    result            jsonb,
    error_code        text,
    error_message     text,
    progress_percent  double precision,
    progress_message  text,
    attempts          int         NOT NULL DEFAULT 0,
    max_attempts      int         NOT NULL,
    timeout_seconds   int,
    run_at            timestamptz,
    idempotency_key   text,
    request_hash      text,
    worker_id         text,
    schedule_token    uuid,
    created_at        timestamptz NOT NULL,
    started_at        timestamptz,
    finished_at       timestamptz,
    updated_at        timestamptz NOT NULL,
    version           int         NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX jobs_idempotency ON jobs (tenant_id, idempotency_key) WHERE idempotency_key IS NOT NULL;
CREATE INDEX jobs_by_tenant_newest ON jobs (tenant_id, created_at DESC, id DESC);
CREATE INDEX jobs_by_tenant_state_newest ON jobs (tenant_id, state, created_at DESC, id DESC);

-- What GET /v1/jobs/{id}/events streams. The id is the SSE event id: Last-Event-ID resumes after it.
CREATE TABLE job_events (
    id          bigserial   PRIMARY KEY,
    job_id      uuid        NOT NULL,
    kind        text        NOT NULL,
    data        jsonb       NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX job_events_by_job ON job_events (job_id, id);

-- Transactional outbox: written in the same transaction as the job row, relayed to RabbitMQ with
-- publisher confirms, deleted once confirmed. destination NULL means publish; otherwise a queue name.
CREATE TABLE outbox (
    id            bigserial   PRIMARY KEY,
    destination   text,
    message_type  text        NOT NULL,
    body          jsonb       NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE api_keys (
    id          uuid        PRIMARY KEY,
    key_hash    text        NOT NULL UNIQUE,
    tenant_id   text        NOT NULL,
    scopes      text[]      NOT NULL,
    name        text        NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    revoked_at  timestamptz
);

-- Attempts used before the latest re-drive (POST /v1/jobs/{id}/retry): each drive gets max_attempts of its own.
ALTER TABLE jobs ADD COLUMN attempts_base int NOT NULL DEFAULT 0;
