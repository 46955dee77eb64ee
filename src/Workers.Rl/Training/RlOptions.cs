using System.ComponentModel.DataAnnotations;

namespace Fleet.Workers.Rl.Training;

/// <summary>How the RL worker checkpoints, where it writes TensorBoard files and how often it reports.</summary>
public sealed class RlOptions
{
    public const string Section = "Rl";

    /// <summary>A checkpoint is saved after every this many PPO updates (and always at the end, on cancel and on drain).</summary>
    [Range(1, 1_000_000)] public int CheckpointEveryUpdates { get; set; } = 10;

    /// <summary>Checkpoints kept per job; older ones are deleted as new ones are saved.</summary>
    [Range(1, 100)] public int CheckpointsKept { get; set; } = 3;

    /// <summary>TensorBoard event files go to {TensorBoardRoot}/{jobId}/; a relative path is under the working directory.</summary>
    [Required] public string TensorBoardRoot { get; set; } = "tensorboard";

    /// <summary>Least time between two progress reports (and batches of SSE metric events) of one job.</summary>
    [Range(0, 60_000)] public int ProgressIntervalMs { get; set; } = 1_000;
}
