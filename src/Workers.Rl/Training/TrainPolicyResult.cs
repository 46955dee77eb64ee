namespace Fleet.Workers.Rl.Training;

/// <summary>The result of an <c>rl.train</c> job (DESIGN.md), plus where the exported ONNX policy lies.</summary>
internal sealed record TrainPolicyResult
{
    public required double EvalMeanReturn { get; init; }
    public required int EvalEpisodes { get; init; }
    public required long Steps { get; init; }
    public required string Checkpoint { get; init; }
    public required string TensorboardDir { get; init; }
    public required string Policy { get; init; }
}
