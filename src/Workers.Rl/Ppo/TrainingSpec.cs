namespace Fleet.Workers.Rl.Ppo;

/// <summary>What to train: the environment, the seed every generator derives from, the step budget and the settings.</summary>
internal sealed record TrainingSpec(string Env, long Seed, long TotalSteps, PpoHyperparameters Hyperparameters);
