using System.Buffers.Binary;
using Fleet.Workers.Rl.TensorBoard;
using Google.Protobuf;

namespace Fleet.Workers.Rl.Tests.TensorBoard;

public sealed class EventFileWriterTests : IDisposable
{
    private readonly string directory = Path.Combine(Path.GetTempPath(), "fleet-rl-tb-" + Guid.NewGuid().ToString("N"));
    private readonly FixedClock clock = new(DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_250));

    [Fact]
    public void Crc32c_of_the_standard_check_string_is_e3069283()
    {
        Assert.Equal(0xE3069283u, TfRecord.Crc32C("123456789"u8));
    }

    [Fact]
    public void File_read_back_has_valid_crcs_the_version_record_then_each_scalar_with_its_tag_step_and_value()
    {
        string path;
        using (var writer = new EventFileWriter(directory, "test", clock))
        {
            writer.AddScalar("train/policy_loss", -0.125, 256);
            writer.AddScalar("rollout/episode_return", 500, 512);
            path = writer.FilePath;
        }

        Assert.Equal(Path.Combine(directory, "events.out.tfevents.1700000000.test"), path);
        var records = ReadRecords(File.ReadAllBytes(path));
        Assert.Equal(3, records.Count);
        Assert.Equal((1_700_000_000.25, 0L, "brain.Event:2", (string?)null, 0f), Decode(records[0]));
        Assert.Equal((1_700_000_000.25, 256L, "", "train/policy_loss", -0.125f), Decode(records[1]));
        Assert.Equal((1_700_000_000.25, 512L, "", "rollout/episode_return", 500f), Decode(records[2]));
    }

    public void Dispose()
    {
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>Splits TFRecord framing, checking both masked CRC-32Cs of every record.</summary>
    private static List<byte[]> ReadRecords(byte[] file)
    {
        var records = new List<byte[]>();
        var position = 0;
        while (position < file.Length)
        {
            var length = (int)BinaryPrimitives.ReadUInt64LittleEndian(file.AsSpan(position));
            Assert.Equal(Masked(file.AsSpan(position, 8)), BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(position + 8)));
            var data = file.AsSpan(position + 12, length);
            Assert.Equal(Masked(data), BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(position + 12 + length)));
            records.Add(data.ToArray());
            position += 12 + length + 4;
        }
        return records;
    }

    private static uint Masked(ReadOnlySpan<byte> data)
    {
        var crc = TfRecord.Crc32C(data);
        return ((crc >> 15) | (crc << 17)) + 0xa282ead8;
    }

    /// <summary>Reads an Event with Google.Protobuf's decoder: wall_time = 1, step = 2, file_version = 3, summary = 5.</summary>
    private static (double WallTime, long Step, string FileVersion, string? Tag, float Value) Decode(byte[] record)
    {
        var input = new CodedInputStream(record);
        (double wall, long step, string version, string? tag, float value) = (0, 0, "", null, 0);
        uint field;
        while ((field = input.ReadTag()) != 0)
        {
            switch (WireFormat.GetTagFieldNumber(field))
            {
                case 1: wall = input.ReadDouble(); break;
                case 2: step = input.ReadInt64(); break;
                case 3: version = input.ReadString(); break;
                case 5:
                    var summary = new CodedInputStream(input.ReadBytes().ToByteArray());
                    Assert.Equal(1, WireFormat.GetTagFieldNumber(summary.ReadTag()));
                    var summaryValue = new CodedInputStream(summary.ReadBytes().ToByteArray());
                    Assert.Equal(1, WireFormat.GetTagFieldNumber(summaryValue.ReadTag()));
                    tag = summaryValue.ReadString();
                    Assert.Equal(WireFormat.MakeTag(2, WireFormat.WireType.Fixed32), summaryValue.ReadTag());
                    value = summaryValue.ReadFloat();
                    break;
                default: throw new InvalidDataException($"unexpected field {field}");
            }
        }
        return (wall, step, version, tag, value);
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
