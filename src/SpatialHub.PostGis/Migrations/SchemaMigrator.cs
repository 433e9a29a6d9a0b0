using System.Reflection;
using Npgsql;

namespace SpatialHub.PostGis.Migrations;

/// <summary>Applies the embedded, numbered SQL migrations once each, in order, under an advisory lock so that
/// a server and a CLI import starting together do not race.</summary>
public static class SchemaMigrator
{
    // Any constant will do; it only has to be the same for every SpatialHub process.
    private const long MigrationLockKey = 0x5350_4154_4941_4C48;

    public static async Task<int> MigrateAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        // Nearly always every migration is in already: one read says so, without the lock and the DDL below.
        if (await IsCurrentAsync(connection, cancellationToken))
        {
            return 0;
        }
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await ExecuteAsync(connection, "SELECT pg_advisory_xact_lock($1)", cancellationToken, MigrationLockKey);
        await ExecuteAsync(connection, """
            CREATE SCHEMA IF NOT EXISTS spatialhub;
            CREATE TABLE IF NOT EXISTS spatialhub.schema_migrations (
                version integer PRIMARY KEY,
                name text NOT NULL,
                applied_at timestamptz NOT NULL DEFAULT now())
            """, cancellationToken);
        var applied = await AppliedVersionsAsync(connection, cancellationToken);
        var count = 0;
        foreach (var migration in EmbeddedMigrations().Where(m => !applied.Contains(m.Version)))
        {
            await ExecuteAsync(connection, migration.Sql, cancellationToken);
            await ExecuteAsync(connection, "INSERT INTO spatialhub.schema_migrations (version, name) VALUES ($1, $2)",
                cancellationToken, migration.Version, migration.Name);
            count++;
        }
        await transaction.CommitAsync(cancellationToken);
        return count;
    }

    private sealed record Migration(int Version, string Name, string Sql);

    private static IEnumerable<Migration> EmbeddedMigrations()
    {
        var assembly = typeof(SchemaMigrator).Assembly;
        const string prefix = "SpatialHub.PostGis.Migrations.";
        return assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(prefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Select(n => n[prefix.Length..^".sql".Length])
            .Select(name => new Migration(int.Parse(name[..4], System.Globalization.CultureInfo.InvariantCulture), name, ReadResource(assembly, prefix + name + ".sql")))
            .OrderBy(m => m.Version);
    }

    private static string ReadResource(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private static async Task<bool> IsCurrentAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            "SELECT to_regclass('spatialhub.schema_migrations') IS NOT NULL", connection);
        if (await command.ExecuteScalarAsync(cancellationToken) is not true)
        {
            return false;
        }
        var applied = await AppliedVersionsAsync(connection, cancellationToken);
        return EmbeddedMigrations().All(m => applied.Contains(m.Version));
    }

    private static async Task<HashSet<int>> AppliedVersionsAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT version FROM spatialhub.schema_migrations", connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var versions = new HashSet<int>();
        while (await reader.ReadAsync(cancellationToken))
        {
            versions.Add(reader.GetInt32(0));
        }
        return versions;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken, params object[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var value in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
