-- The W3C trace context of whatever wrote an outbox row (the submit or cancel request), so that the relay's publish,
-- and through MassTransit's headers the worker and the job state machine, join that request's trace.
-- NULL for rows written outside a trace (and for rows written before this migration): the relay then starts a new trace.
ALTER TABLE outbox ADD COLUMN traceparent text, ADD COLUMN tracestate text;
