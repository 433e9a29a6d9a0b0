using System.Text;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;

namespace SpatialHub.Server.Tests.Embedded;

/// <summary>What the database fault tests share: a service configured by hand and generated data.</summary>
internal static class FaultTestKit
{
    /// <summary>The service in memory with exactly these settings (on top of the Testing environment).</summary>
    public static WebApplicationFactory<Program> Service(Dictionary<string, string?> settings) =>
        new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            builder.UseEnvironment("Testing");
            builder.ConfigureAppConfiguration(configuration => configuration.AddInMemoryCollection(settings));
        });

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
