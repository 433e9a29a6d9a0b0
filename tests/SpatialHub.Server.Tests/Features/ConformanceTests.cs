using Shouldly;
using SpatialHub.Server.Tests.Infrastructure;

namespace SpatialHub.Server.Tests.Features;

/// <summary>/conformance: what the service declares, and that every class it declares is one the published standards define.</summary>
[Trait("Category", "Integration")]
public sealed class ConformanceTests(SpatialHubFactory factory) : IClassFixture<SpatialHubFactory>
{
    [Fact]
    public async Task Conformance_declares_features_core_geojson_oas30_crs_filtering_cql2_and_the_tiles_classes()
    {
        var conformance = await factory.CreateClient().GetJsonAsync("/conformance");
        conformance.GetProperty("conformsTo").EnumerateArray().Select(c => c.GetString()).ShouldBe(
        [
            "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",
            "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30",
            "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson",
            "http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs",
            "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables",
            "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables-query-parameters",
            "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/filter",
            "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/features-filter",
            "http://www.opengis.net/spec/cql2/1.0/conf/cql2-text",
            "http://www.opengis.net/spec/cql2/1.0/conf/cql2-json",
            "http://www.opengis.net/spec/cql2/1.0/conf/basic-cql2",
            "http://www.opengis.net/spec/cql2/1.0/conf/advanced-comparison-operators",
            "http://www.opengis.net/spec/cql2/1.0/conf/basic-spatial-functions",
            "http://www.opengis.net/spec/cql2/1.0/conf/basic-spatial-functions-plus",
            "http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/core",
            "http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/tileset",
            "http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/tilesets-list",
            "http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/mvt",
        ], ignoreOrder: true);
    }

    [Fact]
    public async Task Every_declared_conformance_class_is_one_the_final_published_standards_define()
    {
        // The URIs of Features Parts 1-3 1.0, CQL2 1.0.0 and Tiles 1.0.0 as their conformance clauses list them.
        var published = File.ReadAllLines(Path.Combine(RepositoryPaths.Root, "tests", "SpatialHub.Server.Tests", "Fixtures", "ogc-conformance-classes.txt"))
            .Where(l => l.Length > 0 && !l.StartsWith('#')).ToHashSet(StringComparer.Ordinal);
        published.Count.ShouldBeGreaterThan(30);
        var declared = (await factory.CreateClient().GetJsonAsync("/conformance")).GetProperty("conformsTo").EnumerateArray().Select(c => c.GetString()!).ToList();
        declared.Where(c => !published.Contains(c)).ShouldBeEmpty();
        declared.Count(c => c.Contains("/spec/cql2/1.0/conf/", StringComparison.Ordinal)).ShouldBe(6);
        declared.Count(c => c.Contains("/spec/ogcapi-features-3/1.0/conf/", StringComparison.Ordinal)).ShouldBe(4);
    }
}
