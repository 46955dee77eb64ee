namespace Fleet.Workers.Llm.Composition;

/// <summary>Says at start-up, once, why this worker takes no <c>llm.generate</c> (nor, unless extractive, <c>rag.answer</c>) jobs.</summary>
public sealed class NoModelNotice(ILogger<NoModelNotice> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        logger.LogWarning("Llm:ModelPath is not set: this worker serves no llm.generate jobs, nor rag.answer unless Answers:Generator is extractive. Generate a model with tools/llm-fixture or point it at an exported one");
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
