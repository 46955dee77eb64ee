using System.Text.Json;
using System.Text.Json.Serialization;

namespace Fleet.Integration.Tests.Infrastructure;

/// <summary>The body of POST /v1/jobs, and the Idempotency-Key header to send with it.</summary>
public sealed record JobRequest(string Type, object Input)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public DateTimeOffset? RunAt { get; init; }

    public int? TimeoutSeconds { get; init; }

    public int? MaxAttempts { get; init; }

    public int? Priority { get; init; }

    [JsonIgnore]
    public string? IdempotencyKey { get; init; }

    public static JobRequest Noop(object input) => new("noop", input);

    public string ToJson() => JsonSerializer.Serialize(this, Json);
}
