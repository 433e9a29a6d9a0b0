using System.Net;
using System.Text;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Npgsql;
using SpatialHub.PostGis.Embedded;
using SpatialHub.Server.Tests.Infrastructure;

namespace SpatialHub.Server.Tests.Reliability;

/// <summary>The database password never reaches a log or an error: every log entry (all categories, all levels,
/// with full exceptions) is captured through a start, failed imports, an outage and a recovery, and through starts
/// that fail on a wrong password or a malformed connection string.</summary>
[Trait("Category", "Integration")]
public sealed class SecretsNotLoggedTests(Xunit.Abstractions.ITestOutputHelper output) : IAsyncLifetime
{
    private const string Csv = "name,Latitude,Longitude\nCentral,22.2819,114.1582\n";

    private readonly EmbeddedClusterOptions _options = new()
    {
        DataDirectory = Path.Combine(Path.GetTempPath(), $"spatialhub-tests-secrets-{Guid.NewGuid():N}"),
        Durable = false,
    };
    private EmbeddedCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await EmbeddedCluster.StartAsync(_options);

    public Task DisposeAsync() => EmbeddedCluster.DestroyAsync(_options);

    [Fact]
    public async Task The_password_is_in_no_log_entry_through_start_failed_imports_an_outage_and_recovery()
    {
        var password = new NpgsqlConnectionStringBuilder(_cluster.ConnectionString).Password!;
        password.Length.ShouldBeGreaterThan(16);
        var logs = new CapturingLoggerProvider();
        await using var factory = Service(_cluster.ConnectionString, logs);
        var writer = factory.CreateClient();
        writer.DefaultRequestHeaders.Add("X-Api-Key", SpatialHubFactory.ApiKey);
        var answers = new StringBuilder();

        (await writer.GetAsync("/health")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var refused = await writer.PutAsync("/api/datasets/secrets", new StringContent(Csv + "Nowhere,abc,114.1\n", Encoding.UTF8, "text/csv"));
        refused.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        answers.Append(await refused.Content.ReadAsStringAsync());

        await _cluster.StopServerAsync();
        foreach (var url in new[] { "/health", "/api/datasets", "/collections/wifi-hk/items", "/api/search?q=park", "/tiles/wifi-hk/12/3347/1787" })
        {
            var response = await writer.GetAsync(url);
            response.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable, url);
            answers.Append(await response.Content.ReadAsStringAsync());
        }
        var importInOutage = await writer.PutAsync("/api/datasets/secrets", new StringContent(Csv, Encoding.UTF8, "text/csv"));
        ((int)importInOutage.StatusCode).ShouldBe(503);
        answers.Append(await importInOutage.Content.ReadAsStringAsync());

        await using (await EmbeddedCluster.StartAsync(_options))
        {
            for (var attempt = 0; (await writer.GetAsync("/health")).StatusCode != HttpStatusCode.OK; attempt++)
            {
                attempt.ShouldBeLessThan(75, "the service should recover");
                await Task.Delay(200);
            }
        }

        logs.Entries.ShouldContain(entry => entry.Contains("Request failed", StringComparison.Ordinal), "the outage was logged, with its exceptions");
        logs.AllText.ShouldNotContain(password);
        answers.ToString().ShouldNotContain(password);
    }

    [Theory]
    [InlineData("Password={0}-wrong")]
    [InlineData("Password=ab;{0}-tail")]
    [InlineData("Password=ab;{0}=tail")]
    [InlineData("Password=\"{0}")]
    public async Task A_start_that_fails_on_the_connection_string_names_the_problem_but_not_the_password(string passwordPart)
    {
        var secret = "s3cret" + Guid.NewGuid().ToString("N");
        var builder = new NpgsqlConnectionStringBuilder(_cluster.ConnectionString) { Password = null };
        var connectionString = $"{builder.ConnectionString};{string.Format(System.Globalization.CultureInfo.InvariantCulture, passwordPart, secret)}";
        var logs = new CapturingLoggerProvider();
        await using var factory = Service(connectionString, logs);

        var error = Should.Throw<Exception>(() => factory.CreateClient());
        output.WriteLine(error.Message);

        logs.AllText.ShouldNotContain(secret);
        error.ToString().ShouldNotContain(secret);
        error.ToString().ShouldNotContain(secret[..12]);
    }

    private static WebApplicationFactory<Program> Service(string connectionString, CapturingLoggerProvider logs) =>
        new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            builder.ConfigureAppConfiguration(configuration => configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["ConnectionStrings:SpatialHub"] = connectionString,
                ["SpatialHub:ApiKey"] = SpatialHubFactory.ApiKey,
                ["SpatialHub:SampleDirectory"] = RepositoryPaths.DataSamples,
            }));
            builder.ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Trace).AddProvider(logs));
        });
}
