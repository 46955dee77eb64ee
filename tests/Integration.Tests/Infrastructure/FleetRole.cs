namespace Fleet.Integration.Tests.Infrastructure;

/// <summary>A kind of Fleet host the fixture runs as an OS process, and where its build output lies.</summary>
public sealed record FleetRole(string Name, string ProjectDirectory, string AssemblyFile)
{
    public static readonly FleetRole Scheduler = new("scheduler", "src/Scheduler", "Fleet.Scheduler.dll");
    public static readonly FleetRole WorkerLlm = new("worker-llm", "src/Workers.Llm", "Fleet.Workers.Llm.dll");
    public static readonly FleetRole WorkerRl = new("worker-rl", "src/Workers.Rl", "Fleet.Workers.Rl.dll");

    public static readonly IReadOnlyList<FleetRole> All = [Scheduler, WorkerLlm, WorkerRl];
}
