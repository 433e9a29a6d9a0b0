using System.Text;
using SpatialHub.Core.Import;

namespace SpatialHub.Core.Tests.Import;

internal static class ReaderTestHelpers
{
    public static List<ReadResult> ReadAll(this IFeatureReader reader) => reader.Read().ToList();

    public static List<SourceFeature> Features(this List<ReadResult> results) =>
        results.Where(r => r.Feature is not null).Select(r => r.Feature!).ToList();

    public static List<ImportIssue> Issues(this List<ReadResult> results) =>
        results.Where(r => r.Issue is not null).Select(r => r.Issue!).ToList();

    public static Stream Utf8(string text) => new MemoryStream(Encoding.UTF8.GetBytes(text));

    public static CsvFeatureReader Csv(string text, string fileName = "test.csv", string? srs = null, string? x = null, string? y = null) =>
        new(Utf8(text), new ReaderOptions(fileName, srs, x, y));

    public static GeoJsonFeatureReader GeoJson(string text, string fileName = "test.geojson", string? srs = null) =>
        new(Utf8(text), new ReaderOptions(fileName, srs));
}
