using Fleet.Workers.Rl.Environments;
using Fleet.Workers.Rl.Numerics;

namespace Fleet.Workers.Rl.Ppo;

/// <summary>
/// The binary checkpoint of a <see cref="PpoTrainer"/> at an update boundary: everything needed for a resumed run to
/// continue bit for bit (settings, counters, generator state, weights, Adam moments, every environment copy and the
/// episode window). Layout: "FLRLCKPT", format version, then fields in the order below, little-endian.
/// </summary>
internal static class TrainerCheckpoint
{
    public const int FormatVersion = 1;
    private const long Magic = 0x54504B434C524C46; // "FLRLCKPT" read as a little-endian long

    public static byte[] Save(PpoTrainer trainer)
    {
        using var stream = new MemoryStream();
        using var writer = new CheckpointWriter(stream);
        writer.Write(Magic);
        writer.Write(FormatVersion);
        writer.Write(trainer.Spec.Env);
        writer.Write(trainer.Spec.Seed);
        writer.Write(trainer.Spec.TotalSteps);
        trainer.Spec.Hyperparameters.Write(writer);
        writer.Write(trainer.Steps);
        writer.Write(trainer.Updates);
        writer.Write(trainer.Episodes);
        Span<ulong> rng = stackalloc ulong[4];
        trainer.Rng.WriteState(rng);
        writer.Write(rng);
        writer.Write(trainer.Parameters.Values);
        trainer.Optimizer.Write(writer);
        trainer.Envs.Write(writer);
        writer.Write(trainer.Envs.Observations);
        writer.Write(trainer.EpisodeStarts.Length);
        foreach (var start in trainer.EpisodeStarts)
        {
            writer.Write(start);
        }
        writer.Write(trainer.RecentEpisodes.Count);
        foreach (var episode in trainer.RecentEpisodes)
        {
            writer.Write(episode.Return);
            writer.Write(episode.Length);
        }
        writer.Flush();
        return stream.ToArray();
    }

    public static PpoTrainer Restore(byte[] checkpoint)
    {
        using var stream = new MemoryStream(checkpoint, writable: false);
        using var reader = new CheckpointReader(stream);
        if (reader.ReadInt64() != Magic)
        {
            throw new InvalidDataException("Not a Fleet RL checkpoint.");
        }
        var version = reader.ReadInt32();
        if (version != FormatVersion)
        {
            throw new InvalidDataException($"Checkpoint format {version} is not supported (this worker reads {FormatVersion}).");
        }
        var spec = new TrainingSpec(reader.ReadString(), reader.ReadInt64(), reader.ReadInt64(), PpoHyperparameters.Read(reader));
        var trainer = new PpoTrainer(spec)
        {
            Steps = reader.ReadInt64(),
            Updates = reader.ReadInt64(),
            Episodes = reader.ReadInt64(),
        };
        Span<ulong> rng = stackalloc ulong[4];
        reader.Read(rng);
        trainer.Rng = Xoshiro256.FromState(rng);
        reader.Read(trainer.Parameters.Values);
        trainer.Optimizer.Read(reader);
        trainer.Envs.Read(reader);
        // The observations are re-derived from the environment states; reading them back checks they agree.
        var observations = new float[trainer.Envs.Observations.Length];
        reader.Read(observations);
        if (!observations.AsSpan().SequenceEqual(trainer.Envs.Observations))
        {
            throw new InvalidDataException("The checkpoint's observations do not match its environment states.");
        }
        var starts = reader.ReadInt32();
        for (var i = 0; i < starts; i++)
        {
            trainer.EpisodeStarts[i] = reader.ReadBoolean();
        }
        var recent = reader.ReadInt32();
        for (var i = 0; i < recent; i++)
        {
            trainer.RecentEpisodes.Enqueue(new CompletedEpisode(reader.ReadDouble(), reader.ReadInt32()));
        }
        return trainer;
    }
}
