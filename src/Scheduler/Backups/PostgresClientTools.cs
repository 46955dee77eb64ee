using System.Diagnostics;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Fleet.Scheduler.Backups;

/// <summary>
/// Runs pg_dump and pg_restore against the Fleet database's server. The password travels in PGPASSWORD, never on
/// the command line, where any local user could read it.
/// </summary>
public sealed class PostgresClientTools(IOptions<BackupOptions> options)
{
    public async Task RunAsync(string tool, NpgsqlConnectionStringBuilder connection, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var directory = options.Value.PostgresBinDirectory;
        var info = new ProcessStartInfo(string.IsNullOrEmpty(directory) ? tool : Path.Combine(directory, tool))
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }
        info.Environment["PGHOST"] = connection.Host;
        info.Environment["PGPORT"] = connection.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        info.Environment["PGUSER"] = connection.Username;
        info.Environment["PGPASSWORD"] = connection.Password ?? "";
        info.Environment["PGDATABASE"] = connection.Database;
        info.Environment["PGCONNECT_TIMEOUT"] = "10";

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"{tool} did not start.");
        var stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);
        var stdout = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        try
        {
            await process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // A cancelled backup leaves no pg_dump behind holding a snapshot open on the server.
            process.Kill(entireProcessTree: true);
            throw;
        }
        await stdout;
        if (process.ExitCode != 0)
        {
            var error = (await stderr).Trim();
            throw new InvalidOperationException($"{tool} exited with {process.ExitCode}: {(error.Length > 2000 ? error[..2000] : error)}");
        }
    }
}
