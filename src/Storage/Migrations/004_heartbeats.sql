-- Running attempts heartbeat here (the worker running them, every few seconds); the Scheduler's watchdog re-dispatches
-- a running job whose heartbeat went stale. Written outside the saga's version: it is no state transition.
ALTER TABLE jobs ADD COLUMN heartbeat_at timestamptz;
CREATE INDEX jobs_running_heartbeat ON jobs (heartbeat_at) WHERE state = 'running';
