using Fleet.Workers.Rl.Numerics;

namespace Fleet.Workers.Rl.Environments;

/// <summary>
/// N copies of one environment stepped together, each with its own generator, reset as soon as an episode ends (as
/// Stable-Baselines3's DummyVecEnv does): the observation after a final step is the next episode's first, and the final
/// one is handed out separately so a truncated episode can still be bootstrapped.
/// </summary>
internal sealed class VectorEnvironment
{
    private readonly IEnvironment[] envs;
    private readonly Xoshiro256[] rngs;
    private readonly double[] episodeReturns;
    private readonly int[] episodeLengths;

    public VectorEnvironment(string name, int count, Xoshiro256 seeder)
    {
        Name = name;
        envs = new IEnvironment[count];
        rngs = new Xoshiro256[count];
        for (var i = 0; i < count; i++)
        {
            envs[i] = EnvironmentCatalog.Create(name);
            rngs[i] = new Xoshiro256(seeder.NextUInt64());
        }
        ObservationSize = envs[0].ObservationSize;
        ActionCount = envs[0].ActionCount;
        Observations = new float[count * ObservationSize];
        episodeReturns = new double[count];
        episodeLengths = new int[count];
        for (var i = 0; i < count; i++)
        {
            envs[i].Reset(rngs[i], Observation(i));
        }
    }

    public string Name { get; }

    public int Count => envs.Length;

    public int ObservationSize { get; }

    public int ActionCount { get; }

    /// <summary>The current observation of every copy, copy-major.</summary>
    public float[] Observations { get; }

    public Span<float> Observation(int index) => Observations.AsSpan(index * ObservationSize, ObservationSize);

    /// <summary>
    /// Steps every copy with its action. For a copy whose episode ended, <paramref name="finalObservations"/> holds the
    /// observation it ended on and the episode goes to <paramref name="completed"/>.
    /// </summary>
    public void Step(ReadOnlySpan<int> actions, Span<StepResult> results, Span<float> finalObservations, List<CompletedEpisode> completed)
    {
        for (var i = 0; i < envs.Length; i++)
        {
            var observation = Observation(i);
            var result = results[i] = envs[i].Step(actions[i], observation);
            episodeReturns[i] += result.Reward;
            episodeLengths[i]++;
            if (result.Done)
            {
                observation.CopyTo(finalObservations.Slice(i * ObservationSize, ObservationSize));
                completed.Add(new CompletedEpisode(episodeReturns[i], episodeLengths[i]));
                episodeReturns[i] = 0;
                episodeLengths[i] = 0;
                envs[i].Reset(rngs[i], observation);
            }
        }
    }

    public void Write(CheckpointWriter writer)
    {
        writer.Write(envs.Length);
        Span<double> state = stackalloc double[envs[0].StateSize];
        Span<ulong> rngState = stackalloc ulong[4];
        for (var i = 0; i < envs.Length; i++)
        {
            envs[i].WriteState(state);
            writer.Write(state);
            rngs[i].WriteState(rngState);
            writer.Write(rngState);
            writer.Write(episodeReturns[i]);
            writer.Write(episodeLengths[i]);
        }
    }

    public void Read(CheckpointReader reader)
    {
        var count = reader.ReadInt32();
        if (count != envs.Length)
        {
            throw new InvalidDataException($"The checkpoint holds {count} environment copies; this run has {envs.Length}.");
        }
        Span<double> state = stackalloc double[envs[0].StateSize];
        Span<ulong> rngState = stackalloc ulong[4];
        for (var i = 0; i < envs.Length; i++)
        {
            reader.Read(state);
            envs[i].ReadState(state, Observation(i));
            reader.Read(rngState);
            rngs[i] = Xoshiro256.FromState(rngState);
            episodeReturns[i] = reader.ReadDouble();
            episodeLengths[i] = reader.ReadInt32();
        }
    }
}
