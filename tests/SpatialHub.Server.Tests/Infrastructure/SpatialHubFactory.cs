using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;

namespace SpatialHub.Server.Tests.Infrastructure;

/// <summary>The whole service in memory (WebApplicationFactory) on a database of its own in the test cluster,
/// with the sample datasets imported at start as on a first real start.</summary>
public class SpatialHubFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string ApiKey = "test-api-key";

    public string ConnectionString { get; private set; } = "";

    public virtual async Task InitializeAsync()
    {
        ConnectionString = await TestCluster.CreateDatabaseAsync();
        StartHost();
    }

    /// <summary>Starts the host now, so sample import time is not charged to the first test. In memory (TestServer)
    /// by default; browser tests override it to listen on a real port.</summary>
    protected virtual void StartHost() => _ = Server;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.ConfigureAppConfiguration(configuration => configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:SpatialHub"] = ConnectionString,
            ["SpatialHub:ApiKey"] = ApiKey,
            ["SpatialHub:SampleDirectory"] = RepositoryPaths.DataSamples,
            ["SpatialHub:DataDirectory"] = Path.Combine(Path.GetTempPath(), "spatialhub-api-tests-unused"),
        }));
    }

    public HttpClient CreateWriter()
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", ApiKey);
        return client;
    }

    async Task IAsyncLifetime.DisposeAsync() => await base.DisposeAsync();
}
