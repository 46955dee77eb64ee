using System.ComponentModel.DataAnnotations;

namespace Fleet.Storage;

/// <summary>The PostgreSQL database that holds job rows, saga state, the outbox, scheduled messages and keys.</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Database";

    /// <summary>Npgsql connection string; read from <c>ConnectionStrings:Fleet</c> when this is empty.</summary>
    [Required(ErrorMessage = "ConnectionStrings:Fleet (or Database:ConnectionString) must name the Fleet PostgreSQL database.")]
    public string? ConnectionString { get; set; }

    /// <summary>
    /// Connections this process may hold. Every process has its own pool, and PostgreSQL refuses connections past
    /// max_connections, so the sum over a fleet (replicas included) must stay below it.
    /// </summary>
    [Range(1, 1000)] public int MaxPoolSize { get; set; } = 32;

    /// <summary>Apply the embedded migrations at start-up (under an advisory lock, so replicas may race safely).</summary>
    public bool MigrateOnStart { get; set; } = true;
}
