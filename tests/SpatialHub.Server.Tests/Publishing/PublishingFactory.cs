using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Npgsql;
using SpatialHub.Core.Publishing;
using SpatialHub.PostGis.Publishing;
using SpatialHub.Server.Tests.Infrastructure;

namespace SpatialHub.Server.Tests.Publishing;

/// <summary>The service with its logs captured and a write budget the tests do not exhaust, plus helpers to make
/// publishers straight in its database (what <c>spatialhub publishers add</c> does).</summary>
public sealed class PublishingFactory : SpatialHubFactory
{
    public CapturingLoggerProvider Logs { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureAppConfiguration(configuration => configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["SpatialHub:WritesPerMinute"] = "1000",
        }));
        builder.ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Trace).AddProvider(Logs));
    }

    public async Task<string> AddPublisherAsync(string name, string patterns)
    {
        await using var dataSource = NpgsqlDataSource.Create(ConnectionString);
        return await new PublisherStore(dataSource).AddAsync(name, PublisherScope.Parse(patterns));
    }

    public async Task<T> WithStoreAsync<T>(Func<PublisherStore, Task<T>> action)
    {
        await using var dataSource = NpgsqlDataSource.Create(ConnectionString);
        return await action(new PublisherStore(dataSource));
    }

    public HttpClient CreateClient(string key)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", key);
        return client;
    }
}
