using Npgsql;

namespace SpatialHub.PostGis;

/// <summary>The database cannot be reached (down, refusing connections, timing out); answered with 503 and Retry-After.
/// Thrown by this layer so that callers never need to know Npgsql's exception types.</summary>
public sealed class DatabaseUnavailableException(string message, Exception? inner = null) : Exception(message, inner)
{
    public const string DefaultMessage = "The database cannot be reached; try again shortly.";

    /// <summary>Runs <paramref name="action"/>, turning Npgsql's transient failures into this exception.</summary>
    public static async Task<T> Translate<T>(Func<Task<T>> action)
    {
        try
        {
            return await action();
        }
        catch (NpgsqlException e) when (e.IsTransient)
        {
            throw new DatabaseUnavailableException(DefaultMessage, e);
        }
    }
}
