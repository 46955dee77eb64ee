using Npgsql;

namespace Fleet.Scheduler.Backups;

/// <summary>One table's row count and checksum: md5 over each row's text, in primary-key order.</summary>
public sealed record TableChecksum(string Table, long Rows, string Md5);

/// <summary>
/// Row counts and checksums of every table a backup holds, read in the caller's transaction, so the figures taken
/// beside pg_dump come from the very snapshot it dumps.
/// </summary>
public static class TableChecksums
{
    /// <summary>Hangfire's schema is left out of backups: queues, locks and server heartbeats are not worth restoring.</summary>
    public const string ExcludedSchema = "hangfire";

    private const string TablesSql = """
        SELECT format('%I.%I', n.nspname, c.relname),
               coalesce((SELECT string_agg(format('t.%I', a.attname), ', ' ORDER BY k.ord)
                         FROM pg_index i CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord)
                         JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum
                         WHERE i.indrelid = c.oid AND i.indisprimary), 't::text')
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition
          AND n.nspname NOT IN ('pg_catalog', 'information_schema', $1) AND n.nspname NOT LIKE 'pg\_%'
        ORDER BY 1
        """;

    public static async Task<IReadOnlyList<TableChecksum>> ComputeAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, CancellationToken cancellationToken)
    {
        var tables = new List<(string Name, string OrderBy)>();
        await using (var list = new NpgsqlCommand(TablesSql, connection, transaction))
        {
            list.Parameters.Add(new NpgsqlParameter { Value = ExcludedSchema });
            await using var reader = await list.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                tables.Add((reader.GetString(0), reader.GetString(1)));
            }
        }
        var checksums = new List<TableChecksum>(tables.Count);
        foreach (var (name, orderBy) in tables)
        {
            // Names come from the catalog, quoted by format('%I'); an md5 per row keeps the aggregate small.
            await using var sum = new NpgsqlCommand(
                $"SELECT count(*), coalesce(md5(string_agg(md5(t::text), '' ORDER BY {orderBy})), '') FROM {name} t", connection, transaction);
            await using var reader = await sum.ExecuteReaderAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            checksums.Add(new TableChecksum(name, reader.GetInt64(0), reader.GetString(1)));
        }
        return checksums;
    }

    /// <summary>What differs between the source and the restored copy: a readable line per table, none when identical.</summary>
    public static IReadOnlyList<string> Differences(IReadOnlyList<TableChecksum> source, IReadOnlyList<TableChecksum> restored)
    {
        var copy = restored.ToDictionary(t => t.Table, StringComparer.Ordinal);
        var differences = new List<string>();
        foreach (var table in source)
        {
            if (!copy.Remove(table.Table, out var other))
            {
                differences.Add($"{table.Table}: missing from the restored copy");
            }
            else if (other.Rows != table.Rows)
            {
                differences.Add($"{table.Table}: {table.Rows} rows backed up, {other.Rows} restored");
            }
            else if (other.Md5 != table.Md5)
            {
                differences.Add($"{table.Table}: checksum {table.Md5} backed up, {other.Md5} restored");
            }
        }
        differences.AddRange(copy.Keys.Select(extra => $"{extra}: in the restored copy only"));
        return differences;
    }
}
