-- Durable message scheduler (Fleet.MassTransit.Postgres.Scheduling), Fleet's stand-in for MassTransit.Quartz.
-- One row per pending ScheduleMessage; token_id is its CorrelationId, so a redelivered schedule overwrites itself.
-- The row keeps what MassTransit needs to re-send the payload at due_at as its original type: the serialized body
-- with its content type, the ids, headers and transport properties that rode on the ScheduleMessage envelope.
CREATE TABLE scheduled_messages (
    token_id              uuid        PRIMARY KEY,
    due_at                timestamptz NOT NULL,
    destination           text        NOT NULL,
    content_type          text        NOT NULL,
    body                  text        NOT NULL,
    message_types         text[]      NOT NULL,
    message_id            uuid,
    correlation_id        uuid,
    conversation_id       uuid,
    initiator_id          uuid,
    request_id            uuid,
    source_address        text,
    response_address      text,
    fault_address         text,
    expiration_time       timestamptz,
    headers               jsonb,
    transport_properties  jsonb,
    -- Failed sends back off (due_at moves) instead of spinning the dispatcher on one row.
    attempts              int         NOT NULL DEFAULT 0,
    created_at            timestamptz NOT NULL DEFAULT now()
);
-- The dispatcher claims the earliest due rows: ORDER BY due_at LIMIT n FOR UPDATE SKIP LOCKED.
CREATE INDEX scheduled_messages_by_due ON scheduled_messages (due_at);

-- Cancelled tokens. A CancelScheduledMessage can be consumed before its own ScheduleMessage (seen 4-64 times per
-- 2,000 jobs in a spike), so every cancel leaves a tombstone that drops a later schedule of that token until it expires.
CREATE TABLE scheduled_message_cancellations (
    token_id      uuid        PRIMARY KEY,
    cancelled_at  timestamptz NOT NULL DEFAULT now(),
    expires_at    timestamptz NOT NULL
);
CREATE INDEX scheduled_message_cancellations_by_expiry ON scheduled_message_cancellations (expires_at);
