using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using SpatialHub.PostGis.Catalog;
using SpatialHub.Server.Tests.Infrastructure;

namespace SpatialHub.Server.Tests.Reliability;

/// <summary>A service with a budget of two expensive reads a minute and a one-second statement timeout.</summary>
public sealed class SmallReadBudgetFactory : SpatialHubFactory
{
    public const int Permits = 2;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("SpatialHub:ExpensiveReads:PermitsPerMinute", Permits.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("SpatialHub:ExpensiveReads:StatementTimeoutSeconds", "1");
    }
}

/// <summary>Whole-dataset exports are expensive anonymous reads: each client address has a budget of them a minute,
/// and their statements are cancelled by PostgreSQL after the statement timeout (503 with Retry-After, not 500).</summary>
[Trait("Category", "Integration")]
public sealed class ExpensiveReadsTests(SmallReadBudgetFactory factory) : IClassFixture<SmallReadBudgetFactory>
{
    [Fact]
    public async Task Exports_beyond_the_budget_get_429_with_retry_after_while_pages_go_on()
    {
        var client = factory.CreateClient();
        for (var export = 0; export < SmallReadBudgetFactory.Permits; export++)
        {
            (await client.GetAsync("/collections/wifi-hk/items?f=csv")).StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        var throttled = await client.GetAsync("/collections/wifi-hk/items?limit=5000");

        throttled.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        throttled.Headers.RetryAfter.ShouldNotBeNull();
        throttled.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        (await throttled.Content.ReadAsStringAsync()).ShouldContain("SpatialHub:ExpensiveReads:PermitsPerMinute");
        (await client.GetAsync("/collections/wifi-hk/items?f=csv&download=true")).StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        (await client.GetAsync("/collections/wifi-hk/items?limit=10")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await client.GetAsync("/tiles/wifi-hk/10/836/446")).StatusCode.ShouldNotBe(HttpStatusCode.TooManyRequests);
    }

    [Fact]
    public async Task An_export_that_outlasts_the_statement_timeout_is_a_503_with_retry_after()
    {
        var catalog = factory.Services.GetRequiredService<CatalogRepository>();
        var dataset = await catalog.GetAsync("lampposts");
        await using var connection = new NpgsqlConnection(factory.ConnectionString);
        await connection.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        // Holding the table's lock keeps the export waiting; the wait counts towards statement_timeout.
        await using (var lockTable = new NpgsqlCommand($"LOCK TABLE {dataset.FeatureTable} IN ACCESS EXCLUSIVE MODE", connection, transaction))
        {
            await lockTable.ExecuteNonQueryAsync();
        }

        // Another client address, so that the budget test's exports do not count.
        var context = await factory.Server.SendAsync(request =>
        {
            request.Connection.RemoteIpAddress = IPAddress.Parse("192.0.2.44");
            request.Request.Method = "GET";
            request.Request.Path = "/collections/lampposts/items";
            request.Request.QueryString = new Microsoft.AspNetCore.Http.QueryString("?f=csv");
        });

        context.Response.StatusCode.ShouldBe(503);
        context.Response.Headers.RetryAfter.ToString().ShouldNotBeEmpty();
        context.Response.ContentType.ShouldBe("application/problem+json");
        var problem = await JsonSerializer.DeserializeAsync<JsonElement>(context.Response.Body);
        problem.GetProperty("detail").GetString()!.ShouldContain("SpatialHub:ExpensiveReads:StatementTimeoutSeconds");
        await transaction.RollbackAsync();
        (await factory.CreateClient().GetFromJsonAsync<JsonElement>("/collections/lampposts/items?limit=1")).GetProperty("features").GetArrayLength().ShouldBe(1);
    }
}
