-- MassTransit saga instances that have no table of their own (Fleet.MassTransit.Postgres.Sagas.JsonSagaStore):
-- the whole instance as jsonb, PascalCase property names (state->>'CurrentState'), and the version that every
-- update and delete is checked against (optimistic concurrency; a mismatch makes MassTransit retry the message).
CREATE TABLE saga_instances (
    saga_type       text        NOT NULL,
    correlation_id  uuid        NOT NULL,
    state           jsonb       NOT NULL,
    version         int         NOT NULL,
    updated_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (saga_type, correlation_id)
);
