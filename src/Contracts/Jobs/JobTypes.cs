namespace Fleet.Contracts.Jobs;

/// <summary>The job types of the public contract (../shared/DESIGN.md); each has one queue.</summary>
public static class JobTypes
{
    public const string Noop = "noop";
    public const string LlmGenerate = "llm.generate";
    public const string LlmEmbed = "llm.embed";
    public const string RagAnswer = "rag.answer";
    public const string RlTrain = "rl.train";
    public const string IngestRun = "ingest.run";
    public const string BackupRun = "backup.run";

    public static readonly IReadOnlyList<string> All = [Noop, LlmGenerate, LlmEmbed, RagAnswer, RlTrain, IngestRun, BackupRun];
}
