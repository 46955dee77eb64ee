using Fleet.Integration.Tests.Infrastructure;

namespace Fleet.Integration.Tests.Rl;

public sealed class TrainPolicyResumeTests(FleetServers fleet) : FleetTest(fleet)
{
    [Fact]
    public async Task Training_whose_worker_is_killed_resumes_on_the_replacement_from_the_last_checkpoint_and_finishes()
    {
        const int totalSteps = 80 * 256;
        var job = await Fleet.Jobs.SubmitAsync(new JobRequest("rl.train", new { env = "CartPole-v1", totalSteps, seed = 3 }), Cancellation);
        await Poll.UntilAsync(() => TrainingEvents.CheckpointsAsync(Fleet, job.Id, Cancellation), c => c.Count > 0,
            $"job {job.Id}'s first checkpoint", TimeSpan.FromSeconds(60), Cancellation);
        var victim = Fleet.Workers.Single(w => w.Role == FleetRole.WorkerRl);

        await victim.KillAsync();
        var checkpoint = (await TrainingEvents.CheckpointsAsync(Fleet, job.Id, Cancellation))[^1];
        var beforeKill = await TrainingEvents.MetricsAsync(Fleet, job.Id, Cancellation);
        Assert.True(checkpoint.Steps < totalSteps, $"the job finished before the kill (checkpoint at {checkpoint.Steps})");
        var replacement = await Fleet.StartAsync(FleetRole.WorkerRl, Cancellation);

        var done = await Fleet.Jobs.WaitForStateAsync(job.Id, "succeeded", TimeSpan.FromSeconds(90), Cancellation);

        Assert.Equal(totalSteps, done.Result.GetProperty("steps").GetInt64());
        Assert.Equal(replacement.Name, await Fleet.Database.ScalarAsync<string>("SELECT worker_id FROM jobs WHERE id = $1", [job.Id], Cancellation));
        var resumed = (await TrainingEvents.MetricsAsync(Fleet, job.Id, Cancellation)).Where(m => m.Id > (beforeKill.Count == 0 ? 0 : beforeKill[^1].Id)).ToList();
        // The replacement's first update is the one after the checkpoint, not update 1; it runs through to the end.
        Assert.Equal(checkpoint.Steps + 256, resumed[0].Step);
        Assert.Equal(totalSteps, resumed[^1].Step);
    }
}
