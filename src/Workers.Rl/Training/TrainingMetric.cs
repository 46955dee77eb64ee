namespace Fleet.Workers.Rl.Training;

/// <summary>One SSE <c>metric</c> event: where training stood after one PPO update. NaN becomes null.</summary>
internal sealed record TrainingMetric(
    long Step, long Update, long Episodes, double? MeanReturn, double? MeanLength, double PolicyLoss, double ValueLoss,
    double Entropy, double ApproxKl, double ClipFraction, double LearningRate, double ClipRange, double StepsPerSecond)
{
    public static TrainingMetric From(UpdateOutcome outcome)
    {
        var s = outcome.Stats;
        return new TrainingMetric(s.Steps, s.Update, s.Episodes, Finite(s.MeanReturn), Finite(s.MeanLength), s.PolicyLoss,
            s.ValueLoss, s.Entropy, s.ApproxKl, s.ClipFraction, s.LearningRate, s.ClipRange, Math.Round(outcome.StepsPerSecond, 1));
    }

    private static double? Finite(double value) => double.IsFinite(value) ? value : null;
}
