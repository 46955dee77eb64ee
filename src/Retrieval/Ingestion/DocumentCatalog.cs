using Npgsql;

namespace Fleet.Retrieval.Ingestion;

/// <summary>The rag_documents table (migration 007): one row per ingested document, written after its chunks are stored.</summary>
public sealed class DocumentCatalog(NpgsqlDataSource dataSource)
{
    /// <summary>Documents of <paramref name="source"/> whose id starts with <paramref name="idPrefix"/>.</summary>
    public async Task<Dictionary<string, StoredDocument>> ListAsync(string source, string idPrefix, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT document_id, content_hash, chunks FROM rag_documents WHERE source = $1 AND starts_with(document_id, $2)");
        command.Parameters.Add(new NpgsqlParameter { Value = source });
        command.Parameters.Add(new NpgsqlParameter { Value = idPrefix });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var documents = new Dictionary<string, StoredDocument>(StringComparer.Ordinal);
        while (await reader.ReadAsync(cancellationToken))
        {
            documents[reader.GetString(0)] = new StoredDocument(reader.GetString(0), reader.GetString(1), reader.GetInt32(2));
        }
        return documents;
    }

    public async Task RecordAsync(string source, SourceFile file, int chunks, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            """
            INSERT INTO rag_documents (document_id, source, content_hash, chunks, bytes) VALUES ($1, $2, $3, $4, $5)
            ON CONFLICT (document_id) DO UPDATE SET source = EXCLUDED.source, content_hash = EXCLUDED.content_hash,
                chunks = EXCLUDED.chunks, bytes = EXCLUDED.bytes, ingested_at = now()
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = file.DocumentId });
        command.Parameters.Add(new NpgsqlParameter { Value = source });
        command.Parameters.Add(new NpgsqlParameter { Value = file.Fingerprint });
        command.Parameters.Add(new NpgsqlParameter { Value = chunks });
        command.Parameters.Add(new NpgsqlParameter { Value = file.Bytes });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task RemoveAsync(string documentId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("DELETE FROM rag_documents WHERE document_id = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = documentId });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
