using System.Net;
using System.Text;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using SpatialHub.Server.Tests.Infrastructure;

namespace SpatialHub.Server.Tests.Features;

/// <summary>The service with a time field configured for one dataset (SpatialHub:Features:TimeFields:events=day).</summary>
public sealed class TimeFieldFactory : SpatialHubFactory
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("SpatialHub:Features:TimeFields:events", "day");
    }
}

/// <summary>OGC API – Features Part 1 <c>datetime</c> on a dataset with a configured date field: a feature is kept when
/// its (UTC) day overlaps the instant or interval; features without a day never match a datetime.</summary>
[Trait("Category", "Integration")]
public sealed class FeaturesTimeFieldTests(TimeFieldFactory factory) : IClassFixture<TimeFieldFactory>, IAsyncLifetime
{
    private const string Csv = "name,day,Latitude,Longitude\n"
        + "a,2019-12-31,22.28,114.15\nb,2020-01-01,22.29,114.16\nc,2020-06-15,22.30,114.17\nd,2021-01-01,22.31,114.18\ne,,22.32,114.19\n";

    public async Task InitializeAsync()
    {
        var response = await factory.CreateWriter().PutAsync("/api/datasets/events", new StringContent(Csv, Encoding.UTF8, "text/csv"));
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Theory]
    [InlineData(null, "a,b,c,d,e")]
    [InlineData("2020-01-01", "b")]
    [InlineData("2020-01-01T12:00:00Z", "b")]
    [InlineData("2020-01-01T02:00:00+08:00", "a")]
    [InlineData("../2020-01-01", "a,b")]
    [InlineData("2020-06-01/..", "c,d")]
    [InlineData("2020-01-01/2020-12-31T23:59:59Z", "b,c")]
    [InlineData("/2019-12-30", "")]
    public async Task Datetime_keeps_the_features_whose_day_overlaps_it(string? datetime, string expected)
    {
        var url = "/collections/events/items" + (datetime is null ? "" : $"?datetime={Uri.EscapeDataString(datetime)}");
        var page = await factory.CreateClient().GetJsonAsync(url);
        var names = page.GetProperty("features").EnumerateArray().Select(f => f.GetProperty("properties").GetProperty("name").GetString()).Order();
        string.Join(",", names).ShouldBe(expected, datetime);
    }

    [Fact]
    public async Task The_temporal_extent_spans_the_time_fields_days_and_is_unbounded_without_one()
    {
        var client = factory.CreateClient();
        var temporal = (await client.GetJsonAsync("/collections/events")).GetProperty("extent").GetProperty("temporal");
        temporal.GetProperty("trs").GetString().ShouldBe("http://www.opengis.net/def/uri/ISO-8601/0/Gregorian");
        var interval = temporal.GetProperty("interval").EnumerateArray().Single().EnumerateArray().Select(e => e.GetString()).ToList();
        interval.ShouldBe(["2019-12-31T00:00:00Z", "2021-01-01T00:00:00Z"]);

        // The extent as a datetime keeps every feature that has a day.
        var url = $"/collections/events/items?datetime={Uri.EscapeDataString($"{interval[0]}/{interval[1]}")}";
        (await client.GetJsonAsync(url)).GetProperty("numberMatched").GetInt64().ShouldBe(4);

        var collections = (await client.GetJsonAsync("/collections")).GetProperty("collections").EnumerateArray().ToList();
        collections.Single(c => c.GetProperty("id").GetString() == "events").GetProperty("extent").GetProperty("temporal").GetRawText()
            .ShouldBe(temporal.GetRawText());
        var untimed = collections.First(c => c.GetProperty("id").GetString() != "events").GetProperty("extent").GetProperty("temporal");
        untimed.GetProperty("interval").GetRawText().ShouldBe("[[null,null]]");
    }
}
