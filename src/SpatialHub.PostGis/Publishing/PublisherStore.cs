using System.Security.Cryptography;
using Npgsql;
using SpatialHub.Core.Publishing;

namespace SpatialHub.PostGis.Publishing;

/// <summary>A publisher as the administrator sees it: never its keys, only how many are live.</summary>
public sealed record Publisher(string Name, IReadOnlyList<string> Patterns, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt,
    int LiveKeys, DateTimeOffset? OldestKeyExpires);

/// <summary>Publishers and their keys. A key is 256 random bits, shown once; only its SHA-256 is stored, so the
/// table cannot give a key away. Looking a key up by its hash leaks nothing about the key through timing (an
/// attacker would need a preimage of the probed hash), and the found hash is compared in constant time as well.</summary>
public sealed class PublisherStore(NpgsqlDataSource dataSource)
{
    /// <summary>Every key starts with this, so that a leaked one is recognisable (secret scanners, logs).</summary>
    public const string KeyPrefix = "shp_";

    /// <summary>A new publisher and its first key (returned once, never stored).</summary>
    public async Task<string> AddAsync(string name, PublisherScope scope, CancellationToken cancellationToken = default)
    {
        PublisherScope.ValidateName(name);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var insert = new NpgsqlCommand(
            "INSERT INTO spatialhub.publishers (name, patterns) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING", connection, transaction))
        {
            insert.Parameters.Add(new NpgsqlParameter { Value = name });
            insert.Parameters.Add(new NpgsqlParameter { Value = scope.Patterns.ToArray() });
            if (await insert.ExecuteNonQueryAsync(cancellationToken) == 0)
            {
                throw new InvalidPublisherException($"Publisher '{name}' exists already; use 'publishers rotate {name}' for a new key.");
            }
        }
        var key = await NewKeyAsync(connection, transaction, name, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return key;
    }

    /// <summary>A new key for the publisher; its other live keys keep working for <paramref name="overlap"/> more.</summary>
    public async Task<string> RotateAsync(string name, TimeSpan overlap, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await RequireLiveAsync(connection, transaction, name, cancellationToken);
        await using (var expire = new NpgsqlCommand("""
            UPDATE spatialhub.publisher_keys SET expires_at = LEAST(COALESCE(expires_at, 'infinity'), now() + $2)
            WHERE publisher = $1
            """, connection, transaction))
        {
            expire.Parameters.Add(new NpgsqlParameter { Value = name });
            expire.Parameters.Add(new NpgsqlParameter { Value = overlap });
            await expire.ExecuteNonQueryAsync(cancellationToken);
        }
        var key = await NewKeyAsync(connection, transaction, name, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return key;
    }

    /// <summary>Every key of the publisher stops working at once.</summary>
    public async Task RevokeAsync(string name, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await RequireLiveAsync(connection, transaction, name, cancellationToken);
        foreach (var sql in new[]
                 {
                     "UPDATE spatialhub.publishers SET revoked_at = now() WHERE name = $1",
                     "DELETE FROM spatialhub.publisher_keys WHERE publisher = $1",
                 })
        {
            await using var revoke = new NpgsqlCommand(sql, connection, transaction);
            revoke.Parameters.Add(new NpgsqlParameter { Value = name });
            await revoke.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<Publisher>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT p.name, p.patterns, p.created_at, p.revoked_at,
                   count(k.id) FILTER (WHERE k.expires_at IS NULL OR k.expires_at > now())::int,
                   min(k.expires_at) FILTER (WHERE k.expires_at > now())
            FROM spatialhub.publishers p LEFT JOIN spatialhub.publisher_keys k ON k.publisher = p.name
            GROUP BY p.name ORDER BY p.name
            """);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var publishers = new List<Publisher>();
        while (await reader.ReadAsync(cancellationToken))
        {
            publishers.Add(new Publisher(reader.GetString(0), reader.GetFieldValue<string[]>(1), reader.GetFieldValue<DateTimeOffset>(2),
                reader.IsDBNull(3) ? null : reader.GetFieldValue<DateTimeOffset>(3), reader.GetInt32(4),
                reader.IsDBNull(5) ? null : reader.GetFieldValue<DateTimeOffset>(5)));
        }
        return publishers;
    }

    /// <summary>The publisher a live key belongs to, with its scope; null for any other key.</summary>
    public async Task<(string Name, PublisherScope Scope)?> AuthenticateAsync(string key, CancellationToken cancellationToken = default)
    {
        if (!key.StartsWith(KeyPrefix, StringComparison.Ordinal) || key.Length > 100)
        {
            return null;
        }
        var hash = SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(key));
        await using var command = dataSource.CreateCommand("""
            SELECT p.name, p.patterns, k.key_sha256
            FROM spatialhub.publisher_keys k JOIN spatialhub.publishers p ON p.name = k.publisher
            WHERE k.key_sha256 = $1 AND p.revoked_at IS NULL AND (k.expires_at IS NULL OR k.expires_at > now())
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = hash });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken) || !CryptographicOperations.FixedTimeEquals(hash, reader.GetFieldValue<byte[]>(2)))
        {
            return null;
        }
        return (reader.GetString(0), new PublisherScope(reader.GetFieldValue<string[]>(1)));
    }

    private static async Task<string> NewKeyAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string name, CancellationToken cancellationToken)
    {
        var key = KeyPrefix + Base64Url(RandomNumberGenerator.GetBytes(32));
        await using var insert = new NpgsqlCommand(
            "INSERT INTO spatialhub.publisher_keys (publisher, key_sha256) VALUES ($1, $2)", connection, transaction);
        insert.Parameters.Add(new NpgsqlParameter { Value = name });
        insert.Parameters.Add(new NpgsqlParameter { Value = SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(key)) });
        await insert.ExecuteNonQueryAsync(cancellationToken);
        return key;
    }

    private static async Task RequireLiveAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string name, CancellationToken cancellationToken)
    {
        await using var find = new NpgsqlCommand(
            "SELECT revoked_at IS NULL FROM spatialhub.publishers WHERE name = $1 FOR UPDATE", connection, transaction);
        find.Parameters.Add(new NpgsqlParameter { Value = name });
        if (await find.ExecuteScalarAsync(cancellationToken) is not true)
        {
            throw new InvalidPublisherException($"No live publisher '{name}' (see 'spatialhub publishers list').");
        }
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
