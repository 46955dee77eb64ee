namespace Fleet.Workers.Rl.TensorBoard;

/// <summary>
/// Writes a TensorBoard event file (events.out.tfevents.*) of scalar summaries into one folder: the file_version
/// record first, then one Event {wall_time, step, summary {value {tag, simple_value}}} per scalar. Each attempt of a
/// job writes a file of its own into the job's folder; TensorBoard merges them.
/// </summary>
internal sealed class EventFileWriter : IDisposable
{
    private readonly FileStream stream;
    private readonly TimeProvider clock;

    public EventFileWriter(string directory, string suffix, TimeProvider clock)
    {
        this.clock = clock;
        Directory.CreateDirectory(directory);
        var now = clock.GetUtcNow();
        FilePath = Path.Combine(directory, $"events.out.tfevents.{now.ToUnixTimeSeconds()}.{suffix}");
        stream = new FileStream(FilePath, FileMode.Append, FileAccess.Write, FileShare.Read);
        TfRecord.Write(stream, new ProtoWriter().Double(1, WallTime()).Int64(2, 0).String(3, "brain.Event:2").ToArray());
        stream.Flush();
    }

    public string FilePath { get; }

    public void AddScalar(string tag, double value, long step)
    {
        var summaryValue = new ProtoWriter().String(1, tag).Float(2, (float)value).ToArray();
        var summary = new ProtoWriter().Bytes(1, summaryValue).ToArray();
        TfRecord.Write(stream, new ProtoWriter().Double(1, WallTime()).Int64(2, step).Bytes(5, summary).ToArray());
    }

    /// <summary>Makes what was written visible to a TensorBoard reading the folder.</summary>
    public void Flush() => stream.Flush();

    public void Dispose() => stream.Dispose();

    private double WallTime() => clock.GetUtcNow().ToUnixTimeMilliseconds() / 1000.0;
}
