using Fleet.Workers.Rl.Numerics;

namespace Fleet.Workers.Rl.Ppo;

/// <summary>
/// The PPO loss of Stable-Baselines3 on one minibatch: clipped surrogate − ent_coef · entropy + vf_coef · MSE(value),
/// with its gradient pushed back through the policy and value networks. Advantages arrive already normalised.
/// </summary>
internal sealed class PpoObjective(Mlp policy, Mlp value)
{
    private readonly MlpActivations policyActivations = new();
    private readonly MlpActivations valueActivations = new();
    private double[] logitGradients = [];
    private double[] valueGradients = [];
    private double[] logProbabilities = [];

    /// <summary>
    /// Loss over <paramref name="batch"/> rows; when <paramref name="accumulateGradients"/>, its gradient is added to
    /// the parameters' gradients.
    /// </summary>
    public MinibatchLoss Evaluate(
        ReadOnlySpan<double> observations, ReadOnlySpan<int> actions, ReadOnlySpan<double> oldLogProbabilities,
        ReadOnlySpan<double> advantages, ReadOnlySpan<double> returns, int batch,
        double clipRange, double entCoef, double vfCoef, bool accumulateGradients)
    {
        policy.Forward(observations, batch, policyActivations);
        value.Forward(observations, batch, valueActivations);
        var actionCount = policy.OutputSize;
        EnsureCapacity(batch, actionCount);
        var logits = policyActivations.Output;
        var values = valueActivations.Output;
        double policyLoss = 0, valueLoss = 0, entropySum = 0, approxKl = 0, clipped = 0;
        var inverse = 1.0 / batch;
        for (var row = 0; row < batch; row++)
        {
            var logP = logProbabilities.AsSpan(row * actionCount, actionCount);
            Categorical.LogSoftmax(logits.Slice(row * actionCount, actionCount), logP);
            var action = actions[row];
            var logRatio = logP[action] - oldLogProbabilities[row];
            var ratio = Math.Exp(logRatio);
            var advantage = advantages[row];
            var unclipped = ratio * advantage;
            var clippedRatio = Math.Clamp(ratio, 1 - clipRange, 1 + clipRange);
            var surrogate = clippedRatio * advantage;
            policyLoss -= Math.Min(unclipped, surrogate);
            var inRange = ratio >= 1 - clipRange && ratio <= 1 + clipRange;
            if (!inRange)
            {
                clipped++;
            }
            approxKl += ratio - 1 - logRatio;
            var entropy = Categorical.Entropy(logP);
            entropySum += entropy;
            var error = values[row] - returns[row];
            valueLoss += error * error;

            if (accumulateGradients)
            {
                // d(−min(r·A, clip(r)·A))/d log π(a): −r·A where the unclipped term is the minimum (inside the clip
                // range both terms are equal); 0 where the clipped term is smaller, since it is flat in r there.
                var dLogPa = unclipped <= surrogate ? -ratio * advantage * inverse : 0.0;
                var dLogits = logitGradients.AsSpan(row * actionCount, actionCount);
                for (var k = 0; k < actionCount; k++)
                {
                    var p = Math.Exp(logP[k]);
                    // d log π(a)/d z_k = 1[k = a] − p_k;   d(−H)/d z_k = p_k (log p_k + H).
                    dLogits[k] = (dLogPa * ((k == action ? 1 : 0) - p)) + (entCoef * inverse * p * (logP[k] + entropy));
                }
                valueGradients[row] = vfCoef * 2 * error * inverse;
            }
        }
        if (accumulateGradients)
        {
            policy.Backward(policyActivations, logitGradients.AsSpan(0, batch * actionCount));
            value.Backward(valueActivations, valueGradients.AsSpan(0, batch));
        }
        policyLoss *= inverse;
        valueLoss *= inverse;
        var meanEntropy = entropySum * inverse;
        var total = policyLoss - (entCoef * meanEntropy) + (vfCoef * valueLoss);
        return new MinibatchLoss(total, policyLoss, valueLoss, meanEntropy, approxKl * inverse, clipped * inverse);
    }

    private void EnsureCapacity(int batch, int actionCount)
    {
        if (logitGradients.Length < batch * actionCount)
        {
            logitGradients = new double[batch * actionCount];
            logProbabilities = new double[batch * actionCount];
            valueGradients = new double[batch];
        }
    }
}
