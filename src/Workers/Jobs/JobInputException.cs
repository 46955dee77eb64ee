namespace Fleet.Workers.Jobs;

/// <summary>The job's input cannot succeed however often it is tried: the job fails at once with <c>invalid_input</c>.</summary>
public sealed class JobInputException(string message) : Exception(message);
