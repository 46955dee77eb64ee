namespace Fleet.Contracts.Jobs;

/// <summary>The job states of the public contract, as they appear in JSON and in the jobs table.</summary>
public static class JobStates
{
    public const string Scheduled = "scheduled";
    public const string Queued = "queued";
    public const string Running = "running";
    public const string Succeeded = "succeeded";
    public const string Failed = "failed";
    public const string Cancelled = "cancelled";

    public static bool IsFinished(string state) => state is Succeeded or Failed or Cancelled;
}
