using Fleet.LlmFixture;
using Fleet.Workers.Llm.Inference;

[assembly: AssemblyFixture(typeof(Fleet.Workers.Llm.Tests.FixtureModel))]

namespace Fleet.Workers.Llm.Tests;

/// <summary>The generated fixture model (2 layers, d=64, GPT-2 vocabulary), written once per run into a temp folder.</summary>
public sealed class FixtureModel : IDisposable
{
    public FixtureModel()
    {
        Folder = Path.Combine(Path.GetTempPath(), $"fleet-llm-fixture-{Guid.NewGuid():N}");
        Weights = FixtureModelWriter.Write(new FixtureModelSpec(), Folder);
        Session = new OnnxModelSession(Options());
    }

    public string Folder { get; }

    public FixtureWeights Weights { get; }

    /// <summary>Shared: a session is safe to run from several threads, and creating one costs ~100 ms.</summary>
    public OnnxModelSession Session { get; }

    public LlmOptions Options() => new() { ModelPath = Folder, IntraOpThreads = 1 };

    public void Dispose()
    {
        Session.Dispose();
        Directory.Delete(Folder, recursive: true);
    }
}
