using System.Diagnostics.CodeAnalysis;
using Fleet.MassTransit.Postgres.Sagas;
using Fleet.MassTransit.Postgres.Tests.Sagas.Counter;
using MassTransit;
using Npgsql;
using Xunit;

namespace Fleet.MassTransit.Postgres.Tests.Sagas;

[SuppressMessage("Naming", "CA1707:Identifiers should not contain underscores", Justification = "Test names are sentences (STYLE.md §4)")]
public sealed class JsonSagaStoreTests : IAsyncLifetime
{
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;
    private readonly JsonSagaStore<CounterState> _store = new();
    private TestDatabase _database = null!;
    private NpgsqlConnection _connection = null!;

    public async ValueTask InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync("sagas", _ct);
        _connection = await _database.DataSource.OpenConnectionAsync(_ct);
    }

    public async ValueTask DisposeAsync()
    {
        await _connection.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task Inserted_instance_loads_back_and_its_json_is_pascal_case()
    {
        var counter = NewCounter(count: 7, version: 1);

        Assert.True(await _store.InsertAsync(_connection, counter, _ct));

        var loaded = await _store.LoadAsync(_connection, counter.CorrelationId, _ct);
        Assert.NotNull(loaded);
        Assert.Equal((counter.CorrelationId, "Active", 7, 1), (loaded.CorrelationId, loaded.CurrentState, loaded.Count, loaded.Version));
        await using var query = new NpgsqlCommand(
            "SELECT state->>'CurrentState', saga_type FROM saga_instances WHERE correlation_id = $1", _connection);
        query.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = counter.CorrelationId });
        await using var reader = await query.ExecuteReaderAsync(_ct);
        Assert.True(await reader.ReadAsync(_ct));
        Assert.Equal(("Active", typeof(CounterState).FullName), (reader.GetString(0), reader.GetString(1)));
    }

    [Fact]
    public async Task Load_of_an_unknown_id_returns_null()
    {
        Assert.Null(await _store.LoadAsync(_connection, Guid.NewGuid(), _ct));
    }

    [Fact]
    public async Task Insert_of_an_existing_instance_returns_false_and_keeps_the_stored_one()
    {
        var counter = NewCounter(count: 1, version: 1);
        await _store.InsertAsync(_connection, counter, _ct);

        var duplicate = NewCounter(count: 99, version: 1, counter.CorrelationId);
        Assert.False(await _store.InsertAsync(_connection, duplicate, _ct));

        Assert.Equal(1, (await _store.LoadAsync(_connection, counter.CorrelationId, _ct))?.Count);
    }

    [Fact]
    public async Task Update_with_a_stale_version_returns_false_and_changes_nothing()
    {
        var counter = NewCounter(count: 1, version: 1);
        await _store.InsertAsync(_connection, counter, _ct);
        Assert.True(await _store.UpdateAsync(_connection, NewCounter(count: 2, version: 2, counter.CorrelationId), expectedVersion: 1, _ct));

        var stale = NewCounter(count: 50, version: 2, counter.CorrelationId);
        Assert.False(await _store.UpdateAsync(_connection, stale, expectedVersion: 1, _ct));

        var stored = await _store.LoadAsync(_connection, counter.CorrelationId, _ct);
        Assert.Equal((2, 2), (stored?.Count, stored?.Version));
    }

    [Fact]
    public async Task Delete_with_a_stale_version_returns_false_and_keeps_the_row()
    {
        var counter = NewCounter(count: 1, version: 3);
        await _store.InsertAsync(_connection, counter, _ct);

        Assert.False(await _store.DeleteAsync(_connection, counter, expectedVersion: 2, _ct));
        Assert.NotNull(await _store.LoadAsync(_connection, counter.CorrelationId, _ct));

        Assert.True(await _store.DeleteAsync(_connection, counter, expectedVersion: 3, _ct));
        Assert.Null(await _store.LoadAsync(_connection, counter.CorrelationId, _ct));
    }

    [Fact]
    public async Task Two_saga_types_with_the_same_id_are_separate_rows()
    {
        var counter = NewCounter(count: 5, version: 1);
        var attempt = new JobAttemptSaga { CorrelationId = counter.CorrelationId, JobId = Guid.NewGuid(), RetryAttempt = 2, Version = 1 };
        var attempts = new JsonSagaStore<JobAttemptSaga>();

        Assert.True(await _store.InsertAsync(_connection, counter, _ct));
        Assert.True(await attempts.InsertAsync(_connection, attempt, _ct));

        var loadedAttempt = await attempts.LoadAsync(_connection, counter.CorrelationId, _ct);
        Assert.Equal((attempt.JobId, 2), (loadedAttempt?.JobId, loadedAttempt?.RetryAttempt));
        Assert.Equal(5, (await _store.LoadAsync(_connection, counter.CorrelationId, _ct))?.Count);
        Assert.Equal(2, await _database.CountRowsAsync(counter.CorrelationId, _ct));
    }

    private static CounterState NewCounter(int count, int version, Guid? id = null) =>
        new() { CorrelationId = id ?? Guid.NewGuid(), CurrentState = "Active", Count = count, Version = version };
}
