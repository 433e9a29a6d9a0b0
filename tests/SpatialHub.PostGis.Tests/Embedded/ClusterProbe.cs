using Npgsql;

namespace SpatialHub.PostGis.Tests.Embedded;

/// <summary>Whether a cluster accepts connections, asked on a fresh connection (no pool hides a stopped server).</summary>
internal static class ClusterProbe
{
    public static async Task<bool> CanConnectAsync(string connectionString)
    {
        try
        {
            await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false, Timeout = 3 }.ConnectionString);
            await connection.OpenAsync();
            return true;
        }
        catch (NpgsqlException)
        {
            return false;
        }
    }
}
