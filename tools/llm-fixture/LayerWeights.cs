namespace Fleet.LlmFixture;

/// <summary>
/// One GPT-2 block, row-major, in the orientation of Hugging Face's Conv1D (x · W): attention input
/// <c>[d, 3d]</c> (q, k, v side by side), attention output <c>[d, d]</c>, MLP <c>[d, 4d]</c> then <c>[4d, d]</c>.
/// </summary>
public sealed record LayerWeights(
    float[] Ln1Gamma, float[] Ln1Beta,
    float[] AttnW, float[] AttnB,
    float[] AttnProjW, float[] AttnProjB,
    float[] Ln2Gamma, float[] Ln2Beta,
    float[] FcW, float[] FcB,
    float[] FcProjW, float[] FcProjB);
