using Fleet.Workers.Jobs;
using Fleet.Workers.Rl.Checkpoints;
using Fleet.Workers.Rl.Training;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Fleet.Workers.Rl.Composition;

public static class TrainingExtensions
{
    /// <summary>
    /// The <c>rl.train</c> handler with its PostgreSQL checkpoint store and options (section Rl). Call it after
    /// AddFleetDatabase and before AddJobWorker, which opens one queue per registered handler.
    /// </summary>
    public static IHostApplicationBuilder AddTraining(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<RlOptions>()
            .BindConfiguration(RlOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<ICheckpointStore, CheckpointStore>();
        builder.Services.AddSingleton<TrainingMetrics>();
        builder.Services.AddSingleton<IJobHandler, TrainPolicyJobHandler>();
        return builder;
    }
}
