using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using SpatialHub.Server.Tests.Infrastructure;
using Xunit.Abstractions;

namespace SpatialHub.Server.Tests.OpenApi;

/// <summary>The OpenAPI document judged by Redocly CLI (the npm @redocly/cli in the map client's node_modules) with
/// its recommended ruleset, and checked against the service's own refusals of unknown parameters.</summary>
[Trait("Category", "Integration")]
public sealed partial class OpenApiDocumentTests(SpatialHubFactory factory, ITestOutputHelper output) : IClassFixture<SpatialHubFactory>
{
    /// <summary>Values for path parameters, so that every documented GET route can be called.</summary>
    private static readonly Dictionary<string, string> PathValues = new(StringComparer.Ordinal)
    {
        ["collectionId"] = "it-sites", ["featureId"] = "1", ["id"] = "it-sites", ["layers"] = "it-sites",
        ["z"] = "0", ["x"] = "0", ["y"] = "0", ["tileMatrix"] = "0", ["tileRow"] = "0", ["tileCol"] = "0",
        ["tileMatrixSetId"] = "WebMercatorQuad",
    };

    [Fact]
    public async Task The_document_is_served_as_the_landing_page_promises_and_redocly_finds_no_errors()
    {
        var response = await factory.CreateClient().GetAsync("/openapi/v1.json");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/vnd.oai.openapi+json");
        response.Content.Headers.ContentType.Parameters.Single(p => p.Name == "version").Value.ShouldBe("3.0");
        var text = await response.Content.ReadAsStringAsync();
        JsonDocument.Parse(text).RootElement.GetProperty("openapi").GetString()!.ShouldStartWith("3.0");

        var file = Path.Combine(Path.GetTempPath(), $"spatialhub-openapi-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, text);
        {
            var redocly = Path.Combine(RepositoryPaths.Root, "src", "SpatialHub.Server", "ClientApp", "node_modules", ".bin", "redocly");
            var start = new ProcessStartInfo(redocly, ["lint", file, "--extends=recommended", "--format=json"])
            {
                RedirectStandardOutput = true, RedirectStandardError = true,
            };
            start.Environment["REDOCLY_TELEMETRY"] = "off";
            start.Environment["REDOCLY_SUPPRESS_UPDATE_NOTICE"] = "true";
            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            var report = JsonDocument.Parse(await stdout).RootElement;
            var problems = report.GetProperty("problems").EnumerateArray()
                .Select(p => (Severity: p.GetProperty("severity").GetString(), Rule: p.GetProperty("ruleId").GetString(), Message: p.GetProperty("message").GetString(),
                    At: string.Join(" ", p.GetProperty("location").EnumerateArray().Select(l => l.GetProperty("pointer").GetString()))))
                .ToList();
            foreach (var problem in problems)
            {
                output.WriteLine($"{problem.Severity} {problem.Rule}: {problem.Message} at {problem.At}");
            }
            problems.Where(p => p.Severity == "error").ShouldBeEmpty($"{file}: {await stderr}");
            process.ExitCode.ShouldBe(0);
            File.Delete(file);
        }

    }

    /// <summary>Routes that refuse unknown parameters say which ones they take; those must be exactly the documented ones.</summary>
    [Fact]
    public async Task Every_route_that_refuses_unknown_parameters_documents_exactly_the_ones_it_takes()
    {
        var client = factory.CreateClient();
        var document = await client.GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var checkedRoutes = 0;
        foreach (var path in document.GetProperty("paths").EnumerateObject())
        {
            if (!path.Value.TryGetProperty("get", out var get) || Url(path.Name) is not { } url)
            {
                continue;
            }
            var response = await client.GetAsync($"{url}?zz-undocumented=1");
            if (response.StatusCode != HttpStatusCode.BadRequest)
            {
                continue;
            }
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
            if (problem.GetProperty("title").GetString() != "Unknown query parameter")
            {
                continue;
            }
            var accepted = UseList().Match(problem.GetProperty("detail").GetString()!).Groups[1].Value.Split(", ").Order().ToList();
            var documented = get.TryGetProperty("parameters", out var parameters)
                ? parameters.EnumerateArray().Where(p => p.GetProperty("in").GetString() == "query").Select(p => p.GetProperty("name").GetString()!).Order().ToList()
                : [];
            documented.ShouldBe(accepted, path.Name);
            checkedRoutes++;
        }
        checkedRoutes.ShouldBeGreaterThanOrEqualTo(2);
    }

    private static string? Url(string template)
    {
        var names = PathParameter().Matches(template).Select(m => m.Groups[1].Value).ToList();
        return names.All(PathValues.ContainsKey) ? PathParameter().Replace(template, m => PathValues[m.Groups[1].Value]) : null;
    }

    [GeneratedRegex(@"\{([^}]+)\}")]
    private static partial Regex PathParameter();

    [GeneratedRegex(@"use (.+?)\.(?: |$)")]
    private static partial Regex UseList();
}
