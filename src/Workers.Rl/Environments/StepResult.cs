namespace Fleet.Workers.Rl.Environments;

/// <summary>
/// What one step gave: <paramref name="Terminated"/> means the task ended (no value beyond it);
/// <paramref name="Truncated"/> means the time limit was reached (Gymnasium sets both when both hold); a truncated
/// episode that did not terminate still has a value beyond its last step.
/// </summary>
internal readonly record struct StepResult(double Reward, bool Terminated, bool Truncated)
{
    public bool Done => Terminated || Truncated;
}
