namespace Fleet.Workers.Rl.Ppo;

/// <summary>What one PPO update did, averaged over its minibatches, and where training stood after it.</summary>
internal sealed record UpdateStats
{
    public required long Update { get; init; }
    public required long Steps { get; init; }
    public required long Episodes { get; init; }
    /// <summary>Mean return and length of the last 100 episodes (NaN before the first ends).</summary>
    public required double MeanReturn { get; init; }
    public required double MeanLength { get; init; }
    public required double PolicyLoss { get; init; }
    public required double ValueLoss { get; init; }
    public required double Entropy { get; init; }
    public required double ApproxKl { get; init; }
    public required double ClipFraction { get; init; }
    public required double LearningRate { get; init; }
    public required double ClipRange { get; init; }
    /// <summary>Episodes that ended during this update's rollout.</summary>
    public required IReadOnlyList<Environments.CompletedEpisode> NewEpisodes { get; init; }
}
