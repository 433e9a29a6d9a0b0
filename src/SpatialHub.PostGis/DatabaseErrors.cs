using Npgsql;

namespace SpatialHub.PostGis;

/// <summary>A database failure the layers above may react to, without knowing Npgsql. Thrown by SpatialHub.PostGis
/// (see <see cref="DatabaseErrors.Translate"/>); the web edge maps each type to a problem response.</summary>
public abstract class DatabaseException(string message, Exception? inner) : Exception(message, inner);

/// <summary>The database cannot be reached, is starting or shutting down, or refuses connections: retry shortly.</summary>
public sealed class DatabaseUnavailableException(string message, Exception? inner = null) : DatabaseException(message, inner);

/// <summary>A re-import dropped the dataset version this operation had looked up a moment before: retry it.</summary>
public sealed class DatasetChangedException(Exception? inner = null)
    : DatabaseException("The dataset was replaced while the request ran; retry it.", inner);

/// <summary>A statement was cancelled: its statement timeout ran out, or an operator cancelled it.</summary>
public sealed class QueryCancelledException(Exception? inner = null)
    : DatabaseException("The query took too long and was cancelled.", inner);

/// <summary>The one place where Npgsql's errors become <see cref="DatabaseException"/>s, by SQL state.</summary>
public static class DatabaseErrors
{
    /// <summary>The typed error for <paramref name="exception"/>, or null when it is not a database failure the layers
    /// above handle (a bug such as a syntax error stays what it is).</summary>
    public static DatabaseException? Translate(Exception exception) => exception switch
    {
        DatabaseException typed => typed,
        PostgresException { SqlState: PostgresErrorCodes.UndefinedTable } e => new DatasetChangedException(e),
        PostgresException { SqlState: PostgresErrorCodes.QueryCanceled } e => new QueryCancelledException(e),
        PostgresException { SqlState: PostgresErrorCodes.DiskFull } e => new DatabaseStorageFullException(e),
        PostgresException { SqlState: PostgresErrorCodes.CannotConnectNow or PostgresErrorCodes.AdminShutdown
            or PostgresErrorCodes.CrashShutdown or PostgresErrorCodes.TooManyConnections } e =>
            new DatabaseUnavailableException("The database cannot be reached; try again shortly.", e),
        NpgsqlException { IsTransient: true } e => new DatabaseUnavailableException("The database cannot be reached; try again shortly.", e),
        _ => null,
    };

    /// <summary>Runs <paramref name="operation"/> and rethrows its database failures as <see cref="DatabaseException"/>s.</summary>
    public static async Task<T> TranslateAsync<T>(Func<Task<T>> operation)
    {
        try
        {
            return await operation();
        }
        catch (Exception e) when (e is not DatabaseException && Translate(e) is { } typed)
        {
            throw typed;
        }
    }
}
