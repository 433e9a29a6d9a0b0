using System.Text;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Npgsql;

namespace SpatialHub.Server.Tests.Embedded;

/// <summary>What the database fault tests share: a service configured by hand, a connection probe, generated data.</summary>
internal static class FaultTestKit
{
    /// <summary>The service in memory with exactly these settings (on top of the Testing environment).</summary>
    public static WebApplicationFactory<Program> Service(Dictionary<string, string?> settings) =>
        new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            builder.UseEnvironment("Testing");
            builder.ConfigureAppConfiguration(configuration => configuration.AddInMemoryCollection(settings));
        });

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

    /// <summary>A CSV of <paramref name="count"/> distinct points in Hong Kong.</summary>
    public static string Points(int count)
    {
        var csv = new StringBuilder("name,longitude,latitude\n");
        for (var i = 0; i < count; i++)
        {
            csv.Append("point ").Append(i).Append(',').Append(114.1 + (i % 1000) * 0.0001).Append(',').Append(22.3 + (i / 1000) * 0.0001).Append('\n');
        }
        return csv.ToString();
    }
}
