using System.Runtime.InteropServices;

namespace Fleet.Workers.Rl.Numerics;

/// <summary>Little-endian binary writer for checkpoints: numbers, spans of them and UTF-8 strings.</summary>
internal sealed class CheckpointWriter(Stream stream) : IDisposable
{
    private readonly BinaryWriter writer = new(stream, System.Text.Encoding.UTF8, leaveOpen: true);

    public void Write(int value) => writer.Write(value);

    public void Write(long value) => writer.Write(value);

    public void Write(double value) => writer.Write(value);

    public void Write(bool value) => writer.Write(value);

    public void Write(string value) => writer.Write(value);

    public void Write(ReadOnlySpan<double> values) => WriteRaw(values);

    public void Write(ReadOnlySpan<float> values) => WriteRaw(values);

    public void Write(ReadOnlySpan<ulong> values) => WriteRaw(values);

    public void Flush() => writer.Flush();

    public void Dispose() => writer.Dispose();

    private void WriteRaw<T>(ReadOnlySpan<T> values) where T : unmanaged
    {
        writer.Write(values.Length);
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("Checkpoints are written little-endian.");
        }
        writer.Write(MemoryMarshal.AsBytes(values));
    }
}
