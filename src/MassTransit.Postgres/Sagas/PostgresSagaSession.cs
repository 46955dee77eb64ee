using Npgsql;

namespace Fleet.MassTransit.Postgres.Sagas;

/// <summary>
/// The one PostgreSQL connection that a saga repository uses while it handles one message. It opens on first use, so
/// an event that only creates an instance holds no connection while the state machine runs.
/// </summary>
public sealed class PostgresSagaSession(NpgsqlDataSource dataSource) : IAsyncDisposable
{
    private NpgsqlConnection? _connection;

    public async ValueTask<NpgsqlConnection> GetConnectionAsync(CancellationToken cancellationToken) =>
        _connection ??= await dataSource.OpenConnectionAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        if (_connection is not null)
        {
            await _connection.DisposeAsync();
            _connection = null;
        }
    }
}
