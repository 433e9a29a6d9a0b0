using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Npgsql;
using SpatialHub.Server.Tests.Infrastructure;

namespace SpatialHub.Server.Tests.Changes;

/// <summary>One service for the change-tracking classes (each would otherwise start its own and import the samples).</summary>
[CollectionDefinition(Name)]
public sealed class ChangesCollection : ICollectionFixture<ChangesFixture>
{
    public const string Name = "changes";
}

/// <summary>The service (samples imported; 3 versions kept) with crafted datasets whose changes are known by
/// construction. "sites" has a key named at import; "stations" an id-like field to guess; "benches" none at all.</summary>
public sealed class ChangesFixture : SpatialHubFactory
{
    public const int Keep = 3;

    // Metres to degrees near 22.3° N (WGS84): enough for 0.5 m to stay under a 1 m tolerance and 2 m to go over it.
    private const double NorthPerMetre = 1 / 110_760.0;
    private const double EastPerMetre = 1 / 102_970.0;

    public static string Csv(string header, params (string Text, double Lat, double Lon)[] rows) =>
        header + "\r\n" + string.Concat(rows.Select(r => string.Create(CultureInfo.InvariantCulture, $"{r.Text},{r.Lat:F9},{r.Lon:F9}\r\n")));

    // A unchanged; B moves 0.5 m north; C moves 2 m east; D changes kind; E is removed; F is added; G moves 3 m and is renamed.
    public static readonly string SitesV1 = Csv("code,name,kind,Latitude,Longitude",
        ("A,alpha,x", 22.30, 114.10), ("B,beta,x", 22.31, 114.11), ("C,gamma,x", 22.32, 114.12), ("D,delta,x", 22.33, 114.13),
        ("E,epsilon,x", 22.34, 114.14), ("G,eta,x", 22.35, 114.15));

    public static readonly string SitesV2 = Csv("code,name,kind,Latitude,Longitude",
        ("A,alpha,x", 22.30, 114.10), ("B,beta,x", 22.31 + 0.5 * NorthPerMetre, 114.11), ("C,gamma,x", 22.32, 114.12 + 2 * EastPerMetre),
        ("D,delta,y", 22.33, 114.13), ("F,phi,x", 22.36, 114.16), ("G,eta two,x", 22.35 + 3 * NorthPerMetre, 114.15));

    // No key named: StationID is unique and id-like. S2 is removed, S4 added, S3 moves 5 m.
    public static readonly string StationsV1 = Csv("StationID,label,Latitude,Longitude",
        ("S1,one", 22.40, 114.00), ("S2,two", 22.41, 114.01), ("S3,three", 22.42, 114.02));

    public static readonly string StationsV2 = Csv("StationID,label,Latitude,Longitude",
        ("S1,one", 22.40, 114.00), ("S3,three", 22.42 + 5 * NorthPerMetre, 114.02), ("S4,four", 22.43, 114.03));

    // Nothing id-like, and two benches alike: matched on attributes. The first "wood" bench moves 4 m, the "stone" one
    // becomes "steel" (so removed and added), the second "wood" bench stays.
    public static readonly string BenchesV1 = Csv("material,colour,Latitude,Longitude",
        ("wood,green", 22.28, 114.16), ("wood,green", 22.285, 114.165), ("stone,grey", 22.29, 114.17));

    public static readonly string BenchesV2 = Csv("material,colour,Latitude,Longitude",
        ("wood,green", 22.28 + 4 * NorthPerMetre, 114.16), ("wood,green", 22.285, 114.165), ("steel,grey", 22.29, 114.17));

    public List<long> SitesVersions { get; } = [];

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("SpatialHub:ExpensiveReads:PermitsPerMinute", "100000");
        builder.UseSetting("SpatialHub:Versions:Keep", Keep.ToString(CultureInfo.InvariantCulture));
    }

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        var writer = CreateWriter();
        SitesVersions.Add(await PutAsync(writer, "sites?key=code", SitesV1));
        SitesVersions.Add(await PutAsync(writer, "sites?key=code", SitesV2));
        await PutAsync(writer, "stations", StationsV1);
        await PutAsync(writer, "stations", StationsV2);
        await PutAsync(writer, "benches", BenchesV1);
        await PutAsync(writer, "benches", BenchesV2);
    }

    public static async Task<long> PutAsync(HttpClient writer, string idAndQuery, string csv)
    {
        var response = await writer.PutAsync($"/api/datasets/{idAndQuery}", new StringContent(csv, Encoding.UTF8, "text/csv"));
        var text = await response.Content.ReadAsStringAsync();
        response.IsSuccessStatusCode.ShouldBeTrue($"{idAndQuery}: {text}");
        return JsonDocument.Parse(text).RootElement.GetProperty("version").GetInt64();
    }

    public async Task<JsonElement> GetJsonAsync(string path)
    {
        var response = await CreateClient().GetAsync(path);
        var text = await response.Content.ReadAsStringAsync();
        response.IsSuccessStatusCode.ShouldBeTrue($"{path}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement;
    }

    /// <summary>Rows of an independent query (first column as text), for comparing with the answers.</summary>
    public async Task<List<string>> ColumnAsync(string sql)
    {
        await using var dataSource = NpgsqlDataSource.Create(ConnectionString);
        await using var command = dataSource.CreateCommand(sql);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync())
        {
            rows.Add(reader.GetValue(0).ToString()!);
        }
        return rows;
    }
}
