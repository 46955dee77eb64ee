namespace Fleet.Workers.Noop;

/// <summary>Settings of the <c>noop</c> job type.</summary>
public sealed class NoopOptions
{
    public const string Section = "Noop";

    /// <summary>
    /// Where each worker appends one line per completed noop execution (<c>{workerId}.ledger</c>), so a chaos run can
    /// count executions exactly, SIGKILLs included. Unset: no ledger. The local fleet sets <c>.fleet/ledger</c>.
    /// </summary>
    public string? LedgerDirectory { get; set; }
}
