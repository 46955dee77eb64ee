using System.Diagnostics;
using Fleet.Bench.Vectors;
using Fleet.Embeddings;
using Fleet.Retrieval.Chunking;
using Fleet.Retrieval.Documents;
using Fleet.Retrieval.Vectors;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

// dotnet run -c Release --project bench/Fleet.Bench.Vectors -- [realVectors=100000] [queries=500] [corpusFolder=samples/corpus] [--exact-only]
var exactOnly = args.Contains("--exact-only");
args = args.Where(a => a != "--exact-only").ToArray();
var real = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 100_000;
var queryCount = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 500;
var corpus = args.Length > 2 ? args[2] : Path.Combine("samples", "corpus");
const int Target = 100_000;
const int K = 10;

Console.WriteLine($"{Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}");
using var embedder = new MiniLmEmbedder(Options.Create(new EmbeddingOptions { MaxBatchSize = 64 }), NullLogger<MiniLmEmbedder>.Instance);
var cache = Path.Combine(AppContext.BaseDirectory, "cache");
var vectors = await EmbeddingCache.LoadOrEmbedAsync(embedder, real, seed: 1, cache);
var queries = await EmbeddingCache.LoadOrEmbedAsync(embedder, queryCount, seed: 2, cache);

// Exact search over the real vectors, then over 100,000 (the real ones tiled with small noise when fewer were
// embedded: a dot product costs the same whatever the values, so latency at 100,000 is measured, not extrapolated).
using var exact = new ExactVectorIndex(ChunkRecord.Dimensions);
for (var i = 0; i < vectors.Length; i++)
{
    exact.Upsert(new ChunkRecord { Key = i.ToString(System.Globalization.CultureInfo.InvariantCulture), DocumentId = "bench", Chunk = i, Text = "", Embedding = vectors[i] });
}
var truth = MeasureExact(exact, queries, $"exact, {vectors.Length:N0} real vectors");
if (vectors.Length < Target)
{
    using var tiled = new ExactVectorIndex(ChunkRecord.Dimensions);
    var noise = new Random(5);
    for (var i = 0; i < Target; i++)
    {
        var v = vectors[i % vectors.Length].Select(x => x + (float)(noise.NextDouble() - 0.5) * 0.01f).ToArray();
        tiled.Upsert(new ChunkRecord { Key = i.ToString(System.Globalization.CultureInfo.InvariantCulture), DocumentId = "bench", Chunk = i, Text = "", Embedding = v });
    }
    MeasureExact(tiled, queries, $"exact, {Target:N0} vectors ({vectors.Length:N0} real, tiled)");
}

if (exactOnly)
{
    return;
}

// HNSW (Fleet's HnswVectorIndex over USearch, what VectorStore:Index = hnsw searches with) over the same real
// vectors: recall@10 against exact search.
foreach (var expansionSearch in new[] { 64, 128 })
{
    using var hnsw = new HnswVectorIndex(ChunkRecord.Dimensions, new HnswOptions { ExpansionSearch = expansionSearch, MinimumCount = 0 });
    var build = Stopwatch.StartNew();
    for (var i = 0; i < vectors.Length; i++)
    {
        hnsw.Upsert(new ChunkRecord { Key = i.ToString(System.Globalization.CultureInfo.InvariantCulture), DocumentId = "bench", Chunk = i, Text = "", Embedding = vectors[i] });
    }
    while (hnsw.Behind > 0)
    {
        await Task.Delay(100);
    }
    build.Stop();
    var latency = new Latency();
    var found = 0;
    for (var q = 0; q < queries.Length; q++)
    {
        var hits = latency.Measure(() => hnsw.Search(queries[q], K));
        found += hits.Count(h => truth[q].Contains(h.Record.Key));
    }
    Console.WriteLine($"HNSW M=16 efSearch={expansionSearch}, {vectors.Length:N0} real vectors: graph built in {build.Elapsed.TotalSeconds:0.0} s, recall@{K} {(double)found / (queries.Length * K):0.0000}, {latency.Summary()}");
}

// Embedding throughput: sentences the cache has never seen, in batches of 64.
var fresh = new SentenceGenerator(99);
var sentences = Enumerable.Range(0, 1024).Select(_ => fresh.Next()).ToList();
var embedClock = Stopwatch.StartNew();
for (var offset = 0; offset < sentences.Count; offset += 64)
{
    await embedder.EmbedAsync(sentences.Skip(offset).Take(64).ToList(), CancellationToken.None);
}
Console.WriteLine($"Embedding (all-MiniLM-L6-v2, batches of 64): {sentences.Count} sentences in {embedClock.Elapsed.TotalSeconds:0.00} s = {sentences.Count / embedClock.Elapsed.TotalSeconds:0} sentences/s");

// Ingestion throughput on the corpus: read, chunk (MiniLM tokenizer) and embed, five passes, no store.
var readers = new DocumentReaders([new PlainTextReader(), new HtmlDocumentReader(), new PdfDocumentReader()]);
var chunker = new TextChunker(MiniLmTokenizer.Create(), Options.Create(new ChunkingOptions()));
var files = Directory.EnumerateFiles(corpus, "*", SearchOption.AllDirectories).Where(readers.CanRead).ToList();
var chunks = 0;
var ingest = Stopwatch.StartNew();
for (var pass = 0; pass < 5; pass++)
{
    foreach (var file in files)
    {
        var text = await readers.For(file).ReadAsync(await File.ReadAllBytesAsync(file), CancellationToken.None);
        var pieces = chunker.Split(text);
        await embedder.EmbedAsync(pieces.Select(p => p.Text).ToList(), CancellationToken.None);
        chunks += pieces.Count;
    }
}
Console.WriteLine($"Ingestion (read + chunk + embed) of {files.Count} corpus files x5: {chunks} chunks in {ingest.Elapsed.TotalSeconds:0.00} s = {chunks / ingest.Elapsed.TotalSeconds:0.0} chunks/s");

static List<HashSet<string>> MeasureExact(ExactVectorIndex index, float[][] queries, string label)
{
    var latency = new Latency();
    var results = new List<HashSet<string>>();
    foreach (var query in queries.Take(20))
    {
        index.Search(query, K);
    }
    foreach (var query in queries)
    {
        var hits = latency.Measure(() => index.Search(query, K));
        results.Add(hits.Select(h => h.Record.Key).ToHashSet());
    }
    Console.WriteLine($"{label}: {latency.Summary()}");
    return results;
}
