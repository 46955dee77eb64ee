namespace Fleet.MassTransit.Postgres.Tests.Sagas;

public static class SagaRows
{
    /// <summary>How many saga_instances rows exist for this id, whatever their saga type.</summary>
    public static Task<long> CountRowsAsync(this TestDatabase database, Guid correlationId, CancellationToken cancellationToken) =>
        database.CountAsync("SELECT count(*) FROM saga_instances WHERE correlation_id = $1", correlationId, cancellationToken);
}
