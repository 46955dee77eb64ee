namespace Fleet.Workers.Jobs;

/// <summary>The last attempt of a job failed: thrown so that its RunJob is moved to the type's error queue.</summary>
public sealed class JobAttemptsExhaustedException(Guid jobId, Exception inner)
    : Exception($"Job {jobId} failed its last attempt.", inner);
