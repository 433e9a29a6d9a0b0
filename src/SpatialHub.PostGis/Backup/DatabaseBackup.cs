using System.Globalization;
using Npgsql;
using SpatialHub.PostGis.Embedded;
using SpatialHub.PostGis.Migrations;

namespace SpatialHub.PostGis.Backup;

/// <summary>
/// Backs up and restores everything SpatialHub stores (the <c>spatialhub</c> schema: the catalog, every retained
/// version's feature table, the version sequence, the migration history) with PostgreSQL 15's pg_dump and pg_restore
/// in their custom format. pg_dump reads one snapshot, so a backup taken while the service serves and imports is
/// consistent. The file also creates the PostGIS and btree_gist extensions, whose objects live in that schema.
/// </summary>
public sealed class DatabaseBackup(NpgsqlDataSource dataSource, string connectionString, string binDirectory = EmbeddedClusterOptions.DefaultBinDirectory)
{
    private const string Schema = "spatialhub";

    /// <summary>Writes the backup to <paramref name="file"/>; a failed backup leaves no file behind.</summary>
    public async Task<BackupSummary> BackupAsync(string file, CancellationToken cancellationToken = default)
    {
        var target = Path.GetFullPath(file);
        var partial = target + ".partial";
        try
        {
            // An import that commits while pg_dump takes its locks can drop a table pg_dump has just listed; that
            // dump fails, and the next one, a moment later, sees the new version.
            BackupException? last = null;
            for (var attempt = 0; attempt < 3; attempt++)
            {
                var dump = await RunAsync("pg_dump",
                    ["--format=custom", $"--schema={Schema}", "--extension=postgis", "--extension=btree_gist", "--no-owner", "--no-privileges", "--lock-wait-timeout=60000", $"--file={partial}"],
                    cancellationToken);
                if (dump.ExitCode == 0)
                {
                    File.Move(partial, target, overwrite: true);
                    return Summary(await ListAsync(target, cancellationToken), new FileInfo(target).Length);
                }
                last = new BackupException($"pg_dump failed (exit {dump.ExitCode}): {dump.Error.Trim()}");
            }
            throw last!;
        }
        finally
        {
            File.Delete(partial);
        }
    }

    /// <summary>Replaces SpatialHub's data with the backup's. Refuses a database that already has datasets unless
    /// <paramref name="force"/>, and then first backs them up beside <paramref name="file"/>, so that nothing is lost
    /// whatever happens; a restore that fails puts that copy back.</summary>
    public async Task<BackupSummary> RestoreAsync(string file, bool force, CancellationToken cancellationToken = default)
    {
        var source = Path.GetFullPath(file);
        var contents = await ListAsync(source, cancellationToken);
        var existing = await ScalarAsync<long>("SELECT count(*) FROM spatialhub.datasets", cancellationToken);
        if (existing > 0 && !force)
        {
            throw new CatalogNotEmptyException(existing);
        }
        string? replaced = null;
        if (existing > 0)
        {
            replaced = $"{source}.replaced-{DateTime.UtcNow.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture)}";
            await BackupAsync(replaced, cancellationToken);
        }
        // Versions only go up, even across a restore: caches and clients key tiles by version.
        var versionFloor = await ScalarAsync<long>("SELECT last_value FROM spatialhub.dataset_version_seq", cancellationToken);
        // PostGIS lives in the schema too (it was the first schema on the search path when the migrations created
        // it), and the backup creates it again there: the target's schema goes whole, extension included.
        await ExecuteAsync($"DROP SCHEMA {Schema} CASCADE", cancellationToken);
        var restore = await PgRestoreAsync(source, cancellationToken);
        if (restore.ExitCode != 0)
        {
            await ExecuteAsync($"DROP SCHEMA IF EXISTS {Schema} CASCADE", CancellationToken.None);
            var putBack = replaced is null ? null : await PgRestoreAsync(replaced, CancellationToken.None);
            await SchemaMigrator.MigrateAsync(dataSource, CancellationToken.None);
            throw new BackupException($"pg_restore failed (exit {restore.ExitCode}): {restore.Error.Trim()}. " + (putBack switch
            {
                null => "The database was empty and still is.",
                { ExitCode: 0 } => "The datasets it held are back.",
                _ => $"Putting back the datasets it held failed too: restore {replaced} by hand.",
            }));
        }
        await ExecuteAsync(
            $"SELECT setval('spatialhub.dataset_version_seq', greatest((SELECT last_value FROM spatialhub.dataset_version_seq), {versionFloor.ToString(CultureInfo.InvariantCulture)}))",
            cancellationToken);
        // A backup from an older SpatialHub is brought up to this one's schema.
        await SchemaMigrator.MigrateAsync(dataSource, cancellationToken);
        return Summary(contents, new FileInfo(source).Length) with { Replaced = replaced };
    }

    private Task<ProcessRunner.Result> PgRestoreAsync(string file, CancellationToken cancellationToken) =>
        RunAsync("pg_restore",
            ["--single-transaction", "--exit-on-error", "--no-owner", "--no-privileges", $"--dbname={Builder().Database}", file],
            cancellationToken);

    /// <summary>The backup's table of contents; refuses a file that is not a pg_dump archive of SpatialHub's schema.</summary>
    private async Task<string> ListAsync(string file, CancellationToken cancellationToken)
    {
        if (!File.Exists(file))
        {
            throw new BackupException($"No such file: {file}");
        }
        var list = await RunAsync("pg_restore", ["--list", file], cancellationToken);
        if (list.ExitCode != 0)
        {
            throw new BackupException($"{file} is not a backup made by 'spatialhub backup' (pg_restore: {list.Error.Trim()})");
        }
        if (!list.Output.Contains($"TABLE {Schema} datasets ", StringComparison.Ordinal))
        {
            throw new BackupException($"{file} is a pg_dump archive but holds no SpatialHub catalog (table {Schema}.datasets).");
        }
        return list.Output;
    }

    private static BackupSummary Summary(string contents, long bytes)
    {
        var versions = contents.Split('\n').Count(line => line.Contains($"TABLE DATA {Schema} features_v", StringComparison.Ordinal));
        return new BackupSummary(versions, bytes);
    }

    private Task<ProcessRunner.Result> RunAsync(string tool, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var builder = Builder();
        // libpq reads these; the password never appears on a command line that other users could see.
        var environment = new Dictionary<string, string>
        {
            ["PGHOST"] = builder.Host ?? "127.0.0.1",
            ["PGPORT"] = builder.Port.ToString(CultureInfo.InvariantCulture),
            ["PGUSER"] = builder.Username ?? "",
            ["PGPASSWORD"] = builder.Password ?? "",
            ["PGDATABASE"] = builder.Database ?? "",
            ["PGSSLMODE"] = builder.SslMode.ToString().ToLowerInvariant() switch
            {
                "verifyca" => "verify-ca",
                "verifyfull" => "verify-full",
                var mode => mode,
            },
        };
        return ProcessRunner.RunAsync(Path.Combine(binDirectory, tool), arguments, Directory.GetCurrentDirectory(), environment,
            asServerUser: false, cancellationToken);
    }

    private NpgsqlConnectionStringBuilder Builder() => new(connectionString);

    private async Task<T> ScalarAsync<T>(string sql, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(sql);
        return (T)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    private async Task ExecuteAsync(string sql, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(sql);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}

/// <summary>What a backup file holds: how many dataset versions (feature tables), and its size; for a forced restore,
/// where the datasets it replaced were backed up.</summary>
public sealed record BackupSummary(int Versions, long Bytes, string? Replaced = null);

/// <summary>A backup or restore could not be done; the message says why, and nothing was changed.</summary>
public class BackupException(string message) : Exception(message);

/// <summary>The target database already has datasets and the restore was not forced.</summary>
public sealed class CatalogNotEmptyException(long datasets) : BackupException(
    $"The database already has {datasets} dataset(s); restore into a new data directory (--data-dir) or an empty database, " +
    "or pass --force to replace them.");
