using Prometheus;

namespace Fleet.Workers.Rl.Training;

/// <summary>The RL worker's Prometheus metrics, served on /metrics.</summary>
public sealed class TrainingMetrics
{
    private static readonly Counter Episodes = Metrics.CreateCounter(
        "rl_training_episodes_total", "Environment episodes completed by rl.train jobs.", "env");

    public void EpisodesCompleted(string env, int count) => Episodes.WithLabels(env).Inc(count);

    public double EpisodesSoFar(string env) => Episodes.WithLabels(env).Value;
}
