using Fleet.Embeddings;
using Fleet.Retrieval.Chunking;
using Fleet.Retrieval.Documents;
using Fleet.Retrieval.Ingestion;
using Fleet.Retrieval.Pinecone;
using Fleet.Retrieval.Search;
using Fleet.Retrieval.Vectors;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.VectorData;
using Microsoft.ML.Tokenizers;
using Npgsql;

namespace Fleet.Retrieval;

public static class RetrievalServiceExtensions
{
    /// <summary>
    /// The chunk collection (<c>VectorStore:Provider</c>: PostgreSQL by default, or Pinecone), the embedder and
    /// <see cref="ChunkSearcher"/>. Needs the Fleet database (<c>AddFleetDatabase</c>) for the PostgreSQL provider.
    /// </summary>
    public static IHostApplicationBuilder AddChunkSearch(this IHostApplicationBuilder builder)
    {
        builder.AddTextEmbedder();
        builder.Services.AddOptions<VectorStoreOptions>()
            .BindConfiguration(VectorStoreOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        var provider = builder.Configuration[$"{VectorStoreOptions.Section}:{nameof(VectorStoreOptions.Provider)}"] ?? "postgres";
        if (provider == "pinecone")
        {
            builder.Services.AddOptions<PineconeOptions>()
                .BindConfiguration(PineconeOptions.Section)
                .ValidateDataAnnotations()
                .ValidateOnStart();
            builder.Services.AddHttpClient<PineconeIndexClient>((sp, http) =>
                http.Timeout = TimeSpan.FromSeconds(sp.GetRequiredService<IOptions<PineconeOptions>>().Value.TimeoutSeconds));
            builder.Services.AddSingleton<VectorStore>(sp => new PineconeVectorStore(sp.GetRequiredService<PineconeIndexClient>()));
        }
        else
        {
            builder.Services.AddSingleton<VectorStore>(sp =>
            {
                var store = sp.GetRequiredService<IOptions<VectorStoreOptions>>().Value;
                Func<IVectorIndex> index = store.Index == "hnsw"
                    ? () => new HnswVectorIndex(ChunkRecord.Dimensions, store.Hnsw)
                    : () => new ExactVectorIndex(ChunkRecord.Dimensions);
                return new PostgresVectorStore(sp.GetRequiredService<NpgsqlDataSource>(), index);
            });
        }
        builder.Services.AddSingleton(sp => sp.GetRequiredService<VectorStore>()
            .GetCollection<string, ChunkRecord>(sp.GetRequiredService<IOptions<VectorStoreOptions>>().Value.Collection));
        builder.Services.AddSingleton<ChunkSearcher>();
        return builder;
    }

    /// <summary>Readers, chunker and <see cref="DocumentIngestor"/> (call <see cref="AddChunkSearch"/> too).</summary>
    public static IHostApplicationBuilder AddDocumentIngestion(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<IngestionOptions>()
            .BindConfiguration(IngestionOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddOptions<ChunkingOptions>()
            .BindConfiguration(ChunkingOptions.Section)
            .ValidateDataAnnotations()
            .Validate(o => o.OverlapTokens < o.MaxTokens, "Ingestion:Chunking:OverlapTokens must be less than MaxTokens.")
            .ValidateOnStart();
        builder.Services.AddSingleton<IDocumentReader, PlainTextReader>();
        builder.Services.AddSingleton<IDocumentReader, HtmlDocumentReader>();
        builder.Services.AddSingleton<IDocumentReader, PdfDocumentReader>();
        builder.Services.AddSingleton<DocumentReaders>();
        builder.Services.AddSingleton<Tokenizer>(_ => MiniLmTokenizer.Create());
        builder.Services.AddSingleton<TextChunker>();
        builder.Services.AddSingleton<SourceScanner>();
        builder.Services.AddSingleton<DocumentCatalog>();
        builder.Services.AddSingleton<DocumentIngestor>();
        return builder;
    }
}
