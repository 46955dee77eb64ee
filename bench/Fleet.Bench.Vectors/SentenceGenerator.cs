namespace Fleet.Bench.Vectors;

/// <summary>
/// Varied English sentences from a seeded grammar (subject, verb, object, place, time, clause), so the embeddings
/// cluster as text does rather than spreading uniformly, the case on which approximate indexes look worst.
/// </summary>
public sealed class SentenceGenerator(int seed)
{
    private static readonly string[] Subjects =
    [
        "The engineer", "A nurse", "My grandmother", "The committee", "A young fox", "The database", "Our team", "The pilot",
        "A street musician", "The old librarian", "The robot", "A farmer", "The startup", "The orchestra", "A student",
        "The city council", "The chef", "A marathon runner", "The volcano", "The satellite", "A customer", "The goalkeeper",
        "The river", "A detective", "The baker", "The surgeon", "A teenager", "The storm", "The museum", "A gardener",
    ];

    private static readonly string[] Verbs =
    [
        "repaired", "painted", "described", "rejected", "celebrated", "measured", "ignored", "sold", "translated", "carried",
        "photographed", "predicted", "cooked", "studied", "delivered", "destroyed", "designed", "questioned", "borrowed",
        "planted", "recorded", "simplified", "tested", "cancelled", "discovered", "backed up", "monitored", "rebuilt",
    ];

    private static readonly string[] Objects =
    [
        "the broken bridge", "a new recipe for bread", "the quarterly budget", "an ancient map", "the failing server",
        "a wooden boat", "the election results", "a rare orchid", "the train schedule", "a chess opening", "the vaccine trial",
        "a jazz album", "the tax report", "a mountain trail", "the neural network", "a leaking roof", "the football match",
        "a poem about the sea", "the solar panels", "a birthday cake", "the legal contract", "a telescope", "the coral reef",
        "the password policy", "a vintage car", "the weather forecast", "a children's book", "the supply chain",
    ];

    private static readonly string[] Places =
    [
        "in the harbour", "at the hospital", "near the old mill", "in a small village", "on the third floor",
        "in the data centre", "at the airport", "in the desert", "by the lake", "in the classroom", "at the market",
        "in the mountains", "under the bridge", "at the stadium", "in the laboratory", "in Berlin", "in Tokyo", "in Lagos",
    ];

    private static readonly string[] Times =
    [
        "yesterday", "last winter", "before sunrise", "during the holidays", "after the meeting", "every Tuesday",
        "in 1998", "late at night", "this morning", "after the earthquake", "during the strike", "at noon",
    ];

    private static readonly string[] Clauses =
    [
        "", "", "", " because nobody else would", " although it was raining", " to everyone's surprise",
        " while the children watched", " for the third time", " without asking anyone", " as the deadline approached",
        " and then went home", " but forgot to tell the manager",
    ];

    private readonly Random random = new(seed);

    public string Next() =>
        $"{Pick(Subjects)} {Pick(Verbs)} {Pick(Objects)} {Pick(Places)} {Pick(Times)}{Pick(Clauses)}.";

    private string Pick(string[] words) => words[random.Next(words.Length)];
}
