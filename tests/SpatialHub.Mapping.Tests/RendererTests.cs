using NetTopologySuite.Features;
using NetTopologySuite.Geometries;
using SkiaSharp;
using SpatialHub.Mapping.Geometry;
using SpatialHub.Mapping.Layers;
using SpatialHub.Mapping.Rendering;
using SpatialHub.Mapping.Skia;
using SpatialHub.Mapping.Styles;

namespace SpatialHub.Mapping.Tests;

[Trait("Category", "Unit")]
public sealed class RendererTests
{
    private static readonly GeometryFactory Factory = new(new PrecisionModel(), 4326);

    private static StyleSheet Style(string dataset) => StyleSheet.Parse(File.ReadAllText(Repository.Path($"tiles/{dataset}.json")));

    private static Feature Feature(NetTopologySuite.Geometries.Geometry geometry, params (string Key, object Value)[] properties) =>
        new(geometry, new AttributesTable(properties.ToDictionary(p => p.Key, p => p.Value)));

    private static Polygon Box(double minLon, double minLat, double maxLon, double maxLat) =>
        Factory.CreatePolygon([new(minLon, minLat), new(maxLon, minLat), new(maxLon, maxLat), new(minLon, maxLat), new(minLon, minLat)]);

    [Fact]
    public async Task A_district_cut_into_pieces_by_tiles_is_labelled_once_per_view()
    {
        // Four pieces of one district (as four tiles deliver it) and one other district.
        var pieces = new[] { Box(114.0, 22.3, 114.1, 22.4), Box(114.1, 22.3, 114.2, 22.4), Box(114.0, 22.4, 114.1, 22.5), Box(114.1, 22.4, 114.2, 22.5) }
            .Select(p => Feature(p, ("DC_ENG", "Tai Po"))).Append(Feature(Box(114.2, 22.3, 114.35, 22.5), ("DC_ENG", "Sai Kung")));
        var map = new Map();
        map.Layers.Add(new FeatureLayer("districts", "districts", pieces, Style("districts")));

        var result = await new MapRenderer().RenderAsync(map, new Viewport(114.17, 22.4, 11, 800, 600), new SkiaCanvas(new SKCanvas(new SKBitmap(800, 600))));

        result.Labels.Count(l => l.Text == "TAI PO").ShouldBe(1);
        result.Labels.Count(l => l.Text == "SAI KUNG").ShouldBe(1);
    }

    [Fact]
    public async Task No_two_placed_labels_overlap_and_crowded_ones_are_left_out()
    {
        var random = new Random(12);
        var sites = Enumerable.Range(0, 60).Select(i => Feature(
            Factory.CreatePoint(new Coordinate(114.16 + (random.NextDouble() * 0.02), 22.30 + (random.NextDouble() * 0.02))),
            ("name_en", $"Innovation site number {i}"), ("category", "university")));
        var map = new Map();
        map.Layers.Add(new FeatureLayer("it-sites", "it-sites", sites, Style("it-sites")));

        var result = await new MapRenderer().RenderAsync(map, new Viewport(114.17, 22.31, 15, 600, 400), new SkiaCanvas(new SKCanvas(new SKBitmap(600, 400))));

        var names = result.Labels.Where(l => !l.AllowsOverlap).ToList();
        names.Count.ShouldBeGreaterThan(3);
        names.Count.ShouldBeLessThan(60);
        for (var i = 0; i < names.Count; i++)
        {
            for (var j = i + 1; j < names.Count; j++)
            {
                names[i].Box.Intersects(names[j].Box).ShouldBeFalse($"{names[i].Text} overlaps {names[j].Text}");
            }
        }
    }

    [Fact]
    public async Task A_point_is_drawn_in_its_style_colour_where_the_viewport_projects_it()
    {
        var viewport = new Viewport(114.2, 22.3, 14, 300, 200, PixelRatio: 2);
        var site = Feature(Factory.CreatePoint(new Coordinate(114.205, 22.301)), ("category", "innopark"), ("name_en", "X"));
        var map = new Map();
        map.Layers.Add(new FeatureLayer("it-sites", "it-sites", [site], Style("it-sites")));
        using var image = SKBitmap.Decode(await MapImage.PngAsync(map, viewport));
        (image.Width, image.Height).ShouldBe((600, 400));
        var at = viewport.ToScreen(114.205, 22.301);
        // 6 CSS px right of the centre: inside the marker, clear of its white letter.
        image.GetPixel((int)Math.Round((at.X + 6) * 2), (int)Math.Round(at.Y * 2)).ShouldBe(SKColor.Parse("#7b2cbf"));
        viewport.ToLonLat(at).Longitude.ShouldBe(114.205, 1e-9);
    }

    [Fact]
    public void Chinese_text_gets_a_typeface_that_has_its_glyphs()
    {
        var typeface = Fonts.TypefaceFor("沙田區 Sha Tin");
        typeface.GetGlyphs("沙田區").ShouldAllBe(g => g != 0);
        Fonts.TypefaceFor("Sha Tin").GetGlyphs("Sha Tin").ShouldAllBe(g => g != 0);
    }

    [Fact]
    public void A_fitted_viewport_contains_the_box()
    {
        var viewport = Viewport.Fit(114.13, 22.40, 114.26, 22.50, 600, 450);
        var southWest = viewport.ToScreen(114.13, 22.40);
        var northEast = viewport.ToScreen(114.26, 22.50);
        viewport.Bounds.Contains(southWest).ShouldBeTrue();
        viewport.Bounds.Contains(northEast).ShouldBeTrue();
        (Math.Abs(northEast.X - southWest.X - (600 - 32)) < 1 || Math.Abs(southWest.Y - northEast.Y - (450 - 32)) < 1).ShouldBeTrue();
    }
}
