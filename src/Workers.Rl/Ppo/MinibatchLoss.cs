namespace Fleet.Workers.Rl.Ppo;

/// <summary>The terms of the PPO loss on one minibatch.</summary>
internal readonly record struct MinibatchLoss(double Total, double PolicyLoss, double ValueLoss, double Entropy, double ApproxKl, double ClipFraction);
