using Npgsql;

namespace SpatialHub.PostGis;

/// <summary>Checks on configured connection strings for the layers above, which do not parse them themselves.</summary>
public static class ConnectionStrings
{
    /// <summary>Whether <paramref name="connectionString"/> names a host; null when it does not parse. Never quotes it.</summary>
    public static bool? NamesHost(string connectionString)
    {
        try
        {
            return !string.IsNullOrWhiteSpace(new NpgsqlConnectionStringBuilder(connectionString).Host);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    /// <summary>The libpq form (<c>host=... port=... dbname=... user=... password=...</c>) for psql, pg_dump and ogr2ogr.</summary>
    public static string Libpq(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        return $"host={builder.Host} port={builder.Port} dbname={builder.Database} user={builder.Username} password={builder.Password}";
    }
}
