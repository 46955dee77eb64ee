using System.Text.Json;
using Fleet.Workers.Jobs;
using Fleet.Workers.Rl.Checkpoints;
using Fleet.Workers.Rl.Export;
using Fleet.Workers.Rl.Ppo;
using Fleet.Workers.Rl.TensorBoard;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Fleet.Workers.Rl.Training;

/// <summary>
/// <c>rl.train</c>: PPO on a classic-control task. Resumes from the job's newest checkpoint, saves one every
/// Rl:CheckpointEveryUpdates updates, and saves where it stood before giving up on cancel or drain, so the next
/// attempt (on any worker) continues instead of starting over. Reports progress, SSE <c>metric</c> events and
/// TensorBoard scalars; the result has a deterministic 10-episode evaluation and the policy exported to ONNX.
/// </summary>
public sealed class TrainPolicyJobHandler(
    ICheckpointStore store,
    TrainingMetrics metrics,
    IOptions<RlOptions> options,
    TimeProvider clock,
    ILogger<TrainPolicyJobHandler> logger) : IJobHandler
{
    public const int EvalEpisodes = 10;

    public string JobType => "rl.train";

    public async Task<JsonElement> RunAsync(JobExecution job, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var spec = TrainJobInput.Read(job.Input, job.JobId);
        var latest = await store.LoadLatestAsync(job.JobId, cancellationToken);
        var trainer = latest is null ? new PpoTrainer(spec) : TrainerCheckpoint.Restore(latest.Data);
        if (latest is not null)
        {
            logger.LogInformation("Resuming from the checkpoint of update {Update} at step {Steps}", latest.Update, latest.Steps);
        }
        var savedUpdate = latest?.Update ?? 0;
        var saved = latest;
        var tensorBoardDir = Path.GetFullPath(Path.Combine(settings.TensorBoardRoot, job.JobId.ToString()));
        using var events = new EventFileWriter(tensorBoardDir, $"{Environment.MachineName}.attempt{job.Attempt}", clock);
        var reporter = new TrainingReporter(job, events, metrics, spec, TimeSpan.FromMilliseconds(settings.ProgressIntervalMs), clock);

        var loop = new TrainingLoop(trainer, settings.CheckpointEveryUpdates);
        loop.Start(cancellationToken);
        try
        {
            await foreach (var outcome in loop.Updates.ReadAllAsync(cancellationToken))
            {
                await reporter.ReportAsync(outcome, cancellationToken);
                if (outcome.Checkpoint is { } bytes)
                {
                    saved = new StoredCheckpoint(job.JobId, outcome.Stats.Update, outcome.Stats.Steps, bytes);
                    await store.SaveAsync(saved, settings.CheckpointsKept, cancellationToken);
                    savedUpdate = outcome.Stats.Update;
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await loop.Stopped;
            if (loop.LatestBoundary is { Checkpoint: { } bytes, Stats: var stats } && stats.Update > savedUpdate)
            {
                // Cancel, timeout or drain: keep what was learned. The save must not depend on the fired token.
                await store.SaveAsync(new StoredCheckpoint(job.JobId, stats.Update, stats.Steps, bytes), settings.CheckpointsKept, CancellationToken.None);
                logger.LogInformation("Stopped: saved the checkpoint of update {Update} at step {Steps}", stats.Update, stats.Steps);
            }
            await reporter.FlushAsync(CancellationToken.None);
            throw;
        }
        await reporter.FlushAsync(cancellationToken);

        var evaluation = PolicyEvaluator.Evaluate(trainer.Policy, spec.Env, spec.Seed, EvalEpisodes);
        var policy = await store.SavePolicyAsync(job.JobId, "onnx", OnnxPolicyExporter.Export(trainer.Policy, spec.Env), cancellationToken);
        var evalMean = evaluation.Average();
        events.AddScalar("eval/mean_return", evalMean, trainer.Steps);
        events.Flush();
        logger.LogInformation("Trained {Env} for {Steps} steps: evaluation mean return {EvalMeanReturn}", spec.Env, trainer.Steps, evalMean);
        return JsonSerializer.SerializeToElement(new TrainPolicyResult
        {
            EvalMeanReturn = evalMean,
            EvalEpisodes = EvalEpisodes,
            Steps = trainer.Steps,
            Checkpoint = saved?.Location ?? new StoredCheckpoint(job.JobId, trainer.Updates, trainer.Steps, []).Location,
            TensorboardDir = tensorBoardDir,
            Policy = policy,
        }, JsonOptions);
    }

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);
}
