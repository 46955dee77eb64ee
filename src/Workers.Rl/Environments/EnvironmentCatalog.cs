namespace Fleet.Workers.Rl.Environments;

/// <summary>The environments an <c>rl.train</c> job may name (the Api accepts the same list at submit time).</summary>
internal static class EnvironmentCatalog
{
    public static readonly IReadOnlyList<string> Names = ["CartPole-v1", "Acrobot-v1"];

    public static IEnvironment Create(string name) => name switch
    {
        "CartPole-v1" => new CartPole(),
        "Acrobot-v1" => new Acrobot(),
        _ => throw new ArgumentException($"Unknown environment {name}; known: {string.Join(", ", Names)}.", nameof(name)),
    };
}
