namespace Fleet.ServiceDefaults.Health;

/// <summary>One queue as the management API lists it.</summary>
public sealed record QueueStats(string Name, long MessagesReady, long MessagesUnacknowledged, int Consumers);
