namespace Fleet.ServiceDefaults.Health;

/// <summary>A queue's consumers at the last poll, and when it last had any.</summary>
public sealed record QueueState(int Consumers, DateTimeOffset? LastConsumerSeen);
