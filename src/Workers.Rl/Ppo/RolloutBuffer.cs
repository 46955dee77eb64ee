namespace Fleet.Workers.Rl.Ppo;

/// <summary>One rollout of n_steps × n_envs transitions, step-major, and the advantages and returns computed from it.</summary>
internal sealed class RolloutBuffer(int steps, int envs, int observationSize)
{
    public int Steps => steps;
    public int Envs => envs;
    public int Size => steps * envs;
    public int ObservationSize => observationSize;
    public double[] Observations { get; } = new double[steps * envs * observationSize];
    public int[] Actions { get; } = new int[steps * envs];
    public double[] Rewards { get; } = new double[steps * envs];
    public double[] Values { get; } = new double[steps * envs];
    public double[] LogProbabilities { get; } = new double[steps * envs];
    public bool[] EpisodeStarts { get; } = new bool[steps * envs];
    public double[] Advantages { get; } = new double[steps * envs];
    public double[] Returns { get; } = new double[steps * envs];
}
