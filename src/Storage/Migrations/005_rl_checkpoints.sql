-- Checkpoints of rl.train jobs, in PostgreSQL so that every worker reaches them and database backups cover them.
-- One row per saved update; the worker keeps the newest few per job (Rl:CheckpointsKept). data is the trainer's
-- binary checkpoint (Fleet.Workers.Rl TrainerCheckpoint, versioned header). No foreign key to jobs: a checkpoint may
-- outlive its job row on purpose (a retried job resumes from it).
CREATE TABLE rl_checkpoints (
    job_id      uuid        NOT NULL,
    seq         bigint      NOT NULL,  -- the PPO update the checkpoint was taken after
    steps       bigint      NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    size_bytes  int         NOT NULL,
    data        bytea       NOT NULL,
    PRIMARY KEY (job_id, seq)
);

-- The trained policy of a finished rl.train job, exported for serving (ONNX: obs [1, obs_dim] → logits).
CREATE TABLE rl_policies (
    job_id      uuid        PRIMARY KEY,
    format      text        NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    size_bytes  int         NOT NULL,
    data        bytea       NOT NULL
);
