using System.Globalization;
using Fleet.Workers.Jobs;
using Fleet.Workers.Rl.Ppo;
using Fleet.Workers.Rl.TensorBoard;

namespace Fleet.Workers.Rl.Training;

/// <summary>
/// Turns finished updates into what people watch: TensorBoard scalars and the episodes counter at once, progress and
/// SSE <c>metric</c> events at most once per interval (one progress report and one batch of metrics), so a fast
/// trainer does not write a database row per update.
/// </summary>
internal sealed class TrainingReporter(JobExecution job, EventFileWriter events, TrainingMetrics metrics, TrainingSpec spec, TimeSpan interval, TimeProvider clock)
{
    private readonly List<TrainingMetric> pending = [];
    private DateTimeOffset lastReport = DateTimeOffset.MinValue;
    private UpdateOutcome? latest;

    public async Task ReportAsync(UpdateOutcome outcome, CancellationToken cancellationToken)
    {
        var stats = outcome.Stats;
        latest = outcome;
        metrics.EpisodesCompleted(spec.Env, stats.NewEpisodes.Count);
        foreach (var episode in stats.NewEpisodes)
        {
            events.AddScalar("rollout/episode_return", episode.Return, stats.Steps);
            events.AddScalar("rollout/episode_length", episode.Length, stats.Steps);
        }
        events.AddScalar("train/policy_loss", stats.PolicyLoss, stats.Steps);
        events.AddScalar("train/value_loss", stats.ValueLoss, stats.Steps);
        events.AddScalar("train/entropy", stats.Entropy, stats.Steps);
        events.AddScalar("train/approx_kl", stats.ApproxKl, stats.Steps);
        events.AddScalar("train/clip_fraction", stats.ClipFraction, stats.Steps);
        events.AddScalar("train/learning_rate", stats.LearningRate, stats.Steps);
        events.AddScalar("time/steps_per_second", outcome.StepsPerSecond, stats.Steps);
        pending.Add(TrainingMetric.From(outcome));
        if (clock.GetUtcNow() - lastReport >= interval)
        {
            await FlushAsync(cancellationToken);
        }
    }

    /// <summary>Sends the pending metrics and the latest progress.</summary>
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        events.Flush();
        if (latest is null || pending.Count == 0)
        {
            return;
        }
        await job.StreamAsync("metric", pending.ToArray(), cancellationToken);
        pending.Clear();
        var stats = latest.Stats;
        var percent = Math.Min(100.0, 100.0 * stats.Steps / spec.TotalSteps);
        var meanReturn = double.IsNaN(stats.MeanReturn) ? "n/a" : stats.MeanReturn.ToString("0.0", CultureInfo.InvariantCulture);
        await job.ReportProgressAsync(percent, $"step {stats.Steps} of {spec.TotalSteps}, mean episodic return {meanReturn}", cancellationToken);
        lastReport = clock.GetUtcNow();
    }
}
