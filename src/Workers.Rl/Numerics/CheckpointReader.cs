using System.Runtime.InteropServices;

namespace Fleet.Workers.Rl.Numerics;

/// <summary>Reads what <see cref="CheckpointWriter"/> wrote; a length that does not match the target span is corrupt data.</summary>
internal sealed class CheckpointReader(Stream stream) : IDisposable
{
    private readonly BinaryReader reader = new(stream, System.Text.Encoding.UTF8, leaveOpen: true);

    public void Dispose() => reader.Dispose();

    public int ReadInt32() => reader.ReadInt32();

    public long ReadInt64() => reader.ReadInt64();

    public double ReadDouble() => reader.ReadDouble();

    public bool ReadBoolean() => reader.ReadBoolean();

    public string ReadString() => reader.ReadString();

    public void Read(Span<double> values) => ReadRaw(values);

    public void Read(Span<float> values) => ReadRaw(values);

    public void Read(Span<ulong> values) => ReadRaw(values);

    private void ReadRaw<T>(Span<T> values) where T : unmanaged
    {
        var length = reader.ReadInt32();
        if (length != values.Length)
        {
            throw new InvalidDataException($"The checkpoint holds {length} values where {values.Length} were expected.");
        }
        var bytes = MemoryMarshal.AsBytes(values);
        reader.BaseStream.ReadExactly(bytes);
    }
}
