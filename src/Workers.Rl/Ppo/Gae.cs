namespace Fleet.Workers.Rl.Ppo;

/// <summary>Generalised advantage estimation, GAE(λ) (Schulman et al. 2016), as Stable-Baselines3's rollout buffer computes it.</summary>
internal static class Gae
{
    /// <summary>
    /// Fills advantages and returns (advantage + value) for a rollout of <paramref name="steps"/> × <paramref name="envs"/>
    /// (step-major). <paramref name="episodeStarts"/>[t] says step t began a new episode, so nothing flows back across it;
    /// <paramref name="lastDones"/> says the same of the step after the rollout, whose values are <paramref name="lastValues"/>.
    /// Truncated episodes are bootstrapped in the rewards before this runs.
    /// </summary>
    public static void Compute(
        int steps, int envs, double gamma, double lambda,
        ReadOnlySpan<double> rewards, ReadOnlySpan<double> values, ReadOnlySpan<bool> episodeStarts,
        ReadOnlySpan<double> lastValues, ReadOnlySpan<bool> lastDones,
        Span<double> advantages, Span<double> returns)
    {
        for (var e = 0; e < envs; e++)
        {
            var lastGae = 0.0;
            for (var t = steps - 1; t >= 0; t--)
            {
                var i = (t * envs) + e;
                double nextNonTerminal, nextValue;
                if (t == steps - 1)
                {
                    nextNonTerminal = lastDones[e] ? 0 : 1;
                    nextValue = lastValues[e];
                }
                else
                {
                    nextNonTerminal = episodeStarts[i + envs] ? 0 : 1;
                    nextValue = values[i + envs];
                }
                var delta = rewards[i] + (gamma * nextValue * nextNonTerminal) - values[i];
                lastGae = delta + (gamma * lambda * nextNonTerminal * lastGae);
                advantages[i] = lastGae;
                returns[i] = lastGae + values[i];
            }
        }
    }
}
