using System.Net;
using System.Text.Json;
using Fleet.Integration.Tests.Infrastructure;

namespace Fleet.Integration.Tests.Rl;

public sealed class TrainPolicyTests(FleetServers fleet) : FleetTest(fleet)
{
    // The zoo's CartPole settings collect 8 × 32 = 256 steps per update; the worker checkpoints every 10 updates.
    private const int StepsPerUpdate = 256;

    [Fact]
    public async Task Short_training_succeeds_with_an_evaluation_checkpoints_tensorboard_files_and_an_onnx_policy()
    {
        var job = await Fleet.Jobs.SubmitAsync(new JobRequest("rl.train", new { env = "CartPole-v1", algorithm = "ppo", totalSteps = 50 * StepsPerUpdate, seed = 1 }), Cancellation);

        var done = await Fleet.Jobs.WaitForStateAsync(job.Id, "succeeded", TimeSpan.FromSeconds(60), Cancellation);

        var result = done.Result;
        Assert.Equal(10, result.GetProperty("evalEpisodes").GetInt32());
        Assert.Equal(50 * StepsPerUpdate, result.GetProperty("steps").GetInt64());
        Assert.InRange(result.GetProperty("evalMeanReturn").GetDouble(), 8, 500);
        Assert.Equal($"postgres://rl_checkpoints/{job.Id}/50", result.GetProperty("checkpoint").GetString());
        Assert.Equal($"postgres://rl_policies/{job.Id}", result.GetProperty("policy").GetString());
        var tensorboard = result.GetProperty("tensorboardDir").GetString()!;
        Assert.EndsWith(job.Id.ToString(), tensorboard);
        Assert.Single(Directory.GetFiles(tensorboard, "events.out.tfevents.*"));
        Assert.Equal(100, done.ProgressPercent);
        Assert.StartsWith($"step {50 * StepsPerUpdate} of {50 * StepsPerUpdate}, mean episodic return ", done.Json.GetProperty("progress").GetProperty("message").GetString());

        // Saved after updates 10, 20, 30, 40 and 50; only the newest three are kept.
        Assert.Equal([30L, 40L, 50L], (await TrainingEvents.CheckpointsAsync(Fleet, job.Id, Cancellation)).Select(c => c.Update));
        Assert.True(await Fleet.Database.ScalarAsync<int>("SELECT size_bytes FROM rl_policies WHERE job_id = $1 AND format = 'onnx'", [job.Id], Cancellation) > 1_000);
        var metrics = await TrainingEvents.MetricsAsync(Fleet, job.Id, Cancellation);
        Assert.Equal(Enumerable.Range(1, 50).Select(u => (long)u * StepsPerUpdate), metrics.Select(m => m.Step));

        var worker = Fleet.Workers.Single(w => w.Role == FleetRole.WorkerRl);
        using var http = new HttpClient();
        var exposition = await http.GetStringAsync(new Uri(worker.BaseAddress, "/metrics"), Cancellation);
        Assert.Contains("rl_training_episodes_total{env=\"CartPole-v1\"}", exposition);
    }

    [Theory]
    [InlineData("""{"env":"CartPole-v1","totalSteps":1000,"hyperparameters":{"lr":0.1}}""", "input.hyperparameters.lr")]
    [InlineData("""{"env":"CartPole-v1","totalSteps":1000,"hyperparameters":{"gamma":1.5}}""", "input.hyperparameters.gamma")]
    [InlineData("""{"env":"CartPole-v1","totalSteps":1000,"hyperparameters":{"nSteps":0.5}}""", "input.hyperparameters.nSteps")]
    [InlineData("""{"env":"Pong-v5","totalSteps":1000}""", "input.env")]
    public async Task Bad_training_input_is_a_400_naming_the_field(string input, string field)
    {
        using var response = await Fleet.Jobs.PostAsync($$"""{"type":"rl.train","input":{{input}}}""", null, Cancellation);

        var problem = await ProblemAssert.ReadAsync(response, HttpStatusCode.BadRequest, Cancellation);
        Assert.Equal([field], problem.GetProperty("errors").EnumerateObject().Select(e => e.Name));
    }

    [Fact]
    public async Task Cancel_stops_training_and_keeps_a_checkpoint_at_the_last_update_reached()
    {
        // 100 epochs make an update slow enough (~0.35 s on an idle core) that the cancel lands between two periodic checkpoints.
        var job = await Fleet.Jobs.SubmitAsync(new JobRequest("rl.train", new { env = "CartPole-v1", totalSteps = 1_000_000, seed = 2, hyperparameters = new { nEpochs = 100 } }), Cancellation);
        await Poll.UntilAsync(() => TrainingEvents.MetricsAsync(Fleet, job.Id, Cancellation), m => m.Count > 0 && m[^1].Step > 10 * StepsPerUpdate,
            $"job {job.Id} to pass its first checkpoint", TimeSpan.FromSeconds(60), Cancellation);

        using var cancel = await Fleet.Jobs.PostActionAsync(job.Id, "cancel", Cancellation);
        Assert.Equal(HttpStatusCode.Accepted, cancel.StatusCode);

        var cancelled = await Fleet.Jobs.WaitForStateAsync(job.Id, "cancelled", TimeSpan.FromSeconds(15), Cancellation);
        Assert.Equal(JsonValueKind.Null, cancelled.Result.ValueKind);
        // The job shows as cancelled at once; the worker then stops at its next step and saves its newest update
        // boundary, the one its last metric event reported.
        var checkpoints = await Poll.UntilAsync(
            async () => (await TrainingEvents.CheckpointsAsync(Fleet, job.Id, Cancellation), (await TrainingEvents.MetricsAsync(Fleet, job.Id, Cancellation))[^1].Step),
            seen => seen.Item1[^1].Steps == seen.Item2,
            $"job {job.Id}'s newest checkpoint to be at its last reported step", TimeSpan.FromSeconds(15), Cancellation,
            seen => $"checkpoints at {string.Join(", ", seen.Item1.Select(c => c.Steps))}; last metric at {seen.Item2}");
        Assert.InRange(checkpoints.Item1.Count, 1, 3);
        var newest = checkpoints.Item1[^1];
        // Not one of the periodic checkpoints (every 10 updates): the one saved on cancel.
        Assert.NotEqual(0, newest.Update % 10);
        Assert.Equal(newest.Update * StepsPerUpdate, newest.Steps);
        Assert.True(newest.Steps < 1_000_000);
        Assert.Equal("cancelled", (await Fleet.Jobs.GetAsync(job.Id, Cancellation)).State);
    }
}
