using System.Diagnostics;
using System.Runtime.InteropServices;
using Fleet.Embeddings;

namespace Fleet.Bench.Vectors;

/// <summary>Real MiniLM embeddings of generated sentences, cached under the bench's bin folder (never committed).</summary>
public static class EmbeddingCache
{
    public static async Task<float[][]> LoadOrEmbedAsync(ITextEmbedder embedder, int count, int seed, string directory)
    {
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, $"minilm-{count}-seed{seed}.f32");
        if (File.Exists(path) && new FileInfo(path).Length == (long)count * embedder.Dimensions * sizeof(float))
        {
            var bytes = await File.ReadAllBytesAsync(path);
            var cached = new float[count][];
            for (var i = 0; i < count; i++)
            {
                cached[i] = MemoryMarshal.Cast<byte, float>(bytes.AsSpan(i * embedder.Dimensions * sizeof(float), embedder.Dimensions * sizeof(float))).ToArray();
            }
            return cached;
        }

        var generator = new SentenceGenerator(seed);
        var sentences = Enumerable.Range(0, count).Select(_ => generator.Next()).ToList();
        var vectors = new float[count][];
        var watch = Stopwatch.StartNew();
        const int batch = 256;
        for (var offset = 0; offset < count; offset += batch)
        {
            var slice = sentences.Skip(offset).Take(batch).ToList();
            (await embedder.EmbedAsync(slice, CancellationToken.None)).CopyTo(vectors, offset);
            if (offset / batch % 8 == 0)
            {
                Console.WriteLine($"  embedded {offset + slice.Count:N0} / {count:N0} ({(offset + slice.Count) / watch.Elapsed.TotalSeconds:0} sentences/s)");
            }
        }
        Console.WriteLine($"Embedded {count:N0} sentences in {watch.Elapsed.TotalSeconds:0.0} s: {count / watch.Elapsed.TotalSeconds:0} sentences/s");
        await using var file = File.Create(path);
        foreach (var vector in vectors)
        {
            file.Write(MemoryMarshal.AsBytes(vector.AsSpan()));
        }
        return vectors;
    }
}
