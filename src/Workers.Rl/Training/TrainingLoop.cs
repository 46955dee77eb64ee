using System.Diagnostics;
using System.Threading.Channels;
using Fleet.Workers.Rl.Ppo;

namespace Fleet.Workers.Rl.Training;

/// <summary>
/// Runs a trainer on a thread of its own (PPO updates are CPU-bound and single-threaded; they never block the
/// thread pool) and hands each finished update to the async side through a channel. The latest update boundary is
/// always serialised, so a cancelled or drained job can save where it stood.
/// </summary>
internal sealed class TrainingLoop
{
    private readonly Channel<UpdateOutcome> updates = Channel.CreateUnbounded<UpdateOutcome>(new() { SingleReader = true, SingleWriter = true });
    private readonly TaskCompletionSource stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly PpoTrainer trainer;
    private readonly int checkpointEvery;
    private volatile UpdateOutcome? latestBoundary;

    public TrainingLoop(PpoTrainer trainer, int checkpointEvery)
    {
        this.trainer = trainer;
        this.checkpointEvery = checkpointEvery;
    }

    public ChannelReader<UpdateOutcome> Updates => updates.Reader;

    /// <summary>Completes once the thread has stopped, for whatever reason.</summary>
    public Task Stopped => stopped.Task;

    /// <summary>The newest update boundary reached, with its checkpoint; null before the first update ends.</summary>
    public UpdateOutcome? LatestBoundary => latestBoundary;

    public void Start(CancellationToken cancellationToken)
    {
        var thread = new Thread(() => Run(cancellationToken)) { IsBackground = true, Name = "ppo-trainer" };
        thread.Start();
    }

    private void Run(CancellationToken cancellationToken)
    {
        try
        {
            while (!trainer.IsFinished)
            {
                var clock = Stopwatch.StartNew();
                var before = trainer.Steps;
                var stats = trainer.RunUpdate(cancellationToken);
                var stepsPerSecond = (trainer.Steps - before) / Math.Max(clock.Elapsed.TotalSeconds, 1e-9);
                var checkpoint = TrainerCheckpoint.Save(trainer);
                latestBoundary = new UpdateOutcome(stats, stepsPerSecond, checkpoint);
                var due = stats.Update % checkpointEvery == 0 || trainer.IsFinished;
                updates.Writer.TryWrite(new UpdateOutcome(stats, stepsPerSecond, due ? checkpoint : null));
            }
            updates.Writer.TryComplete();
        }
        catch (Exception ex)
        {
            updates.Writer.TryComplete(ex);
        }
        finally
        {
            stopped.TrySetResult();
        }
    }
}
