using System.Globalization;
using System.Text;
using System.Text.Json;
using SpatialHub.Core.Catalog;
using SpatialHub.Core.Projection;
using SpatialHub.PostGis.Features;
using SpatialHub.Server.Catalog;

namespace SpatialHub.Server.Features;

/// <summary>Writes GeoJSON straight to the response: PostGIS already produced each geometry and attribute object
/// as JSON text, so they are copied in raw instead of being parsed and serialised again.</summary>
internal static class GeoJsonWriter
{
    /// <summary>The parts of an items page other than its features.</summary>
    public sealed record PageInfo(long NumberMatched, DateTimeOffset TimeStamp, IReadOnlyList<Link> Links, Func<int, IReadOnlyList<Link>> PagingLinks);

    /// <summary>Writes a FeatureCollection. <paramref name="info"/>'s paging links are computed once the number of
    /// features written is known, and written after them (member order does not matter in JSON).</summary>
    public static async Task WriteCollectionAsync(Stream body, IAsyncEnumerable<FeatureRow> features, PageInfo info, CancellationToken cancellationToken)
    {
        await using var json = new Utf8JsonWriter(body);
        json.WriteStartObject();
        json.WriteString("type", "FeatureCollection");
        json.WriteNumber("numberMatched", info.NumberMatched);
        json.WriteString("timeStamp", info.TimeStamp.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
        json.WriteStartArray("features");
        var returned = 0;
        await foreach (var feature in features.WithCancellation(cancellationToken))
        {
            WriteFeature(json, feature, links: null);
            returned++;
            if (json.BytesPending > 64 * 1024)
            {
                await json.FlushAsync(cancellationToken);
            }
        }
        json.WriteEndArray();
        json.WriteNumber("numberReturned", returned);
        WriteLinks(json, [.. info.Links, .. info.PagingLinks(returned)]);
        json.WriteEndObject();
        await json.FlushAsync(cancellationToken);
    }

    public static async Task WriteFeatureAsync(Stream body, FeatureRow feature, IReadOnlyList<Link> links, CancellationToken cancellationToken)
    {
        await using var json = new Utf8JsonWriter(body);
        WriteFeature(json, feature, links);
        await json.FlushAsync(cancellationToken);
    }

    private static void WriteFeature(Utf8JsonWriter json, FeatureRow feature, IReadOnlyList<Link>? links)
    {
        json.WriteStartObject();
        json.WriteString("type", "Feature");
        json.WriteNumber("id", feature.FeatureId);
        json.WritePropertyName("geometry");
        json.WriteRawValue(feature.GeometryJson, skipInputValidation: true);
        json.WritePropertyName("properties");
        json.WriteRawValue(feature.PropertiesJson, skipInputValidation: true);
        if (links is not null)
        {
            WriteLinks(json, links);
        }
        json.WriteEndObject();
    }

    private static void WriteLinks(Utf8JsonWriter json, IReadOnlyList<Link> links)
    {
        json.WriteStartArray("links");
        foreach (var link in links)
        {
            json.WriteStartObject();
            json.WriteString("href", link.Href);
            json.WriteString("rel", link.Rel);
            json.WriteString("type", link.Type);
            if (link.Title is not null)
            {
                json.WriteString("title", link.Title);
            }
            json.WriteEndObject();
        }
        json.WriteEndArray();
    }
}

/// <summary>
/// Writes features as RFC 4180 CSV: CRLF line ends; a field is quoted when it holds a comma, a double quote, CR or
/// LF, and quotes inside are doubled. Columns: the dataset's fields in catalog order, then <c>longitude</c> and
/// <c>latitude</c> (WGS84) of a representative point — the point itself for points, ST_PointOnSurface for lines and
/// polygons (a point guaranteed on the feature, unlike a centroid) — so the file opens in any spreadsheet.
/// UTF-8 without a byte-order mark.
/// </summary>
/// <remarks>
/// Spreadsheets run a cell that starts with =, +, -, @, tab or CR as a formula, so uploaded text could make whoever
/// opens the export run a formula (CSV injection). Following OWASP's guidance, such text (field names and values of
/// text fields) is prefixed with a single quote and quoted. Numbers and booleans go out as they are: -12.5 in a
/// numeric field stays a number.
/// </remarks>
internal static class CsvWriter
{
    public static async Task WriteAsync(Stream body, IReadOnlyList<DatasetField> fields, IAsyncEnumerable<FlatFeatureRow> rows, CancellationToken cancellationToken)
    {
        await using var writer = new StreamWriter(body, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), bufferSize: 64 * 1024, leaveOpen: true);
        var isText = fields.Select(field => field.Type is not ("integer" or "real" or "boolean")).ToArray();
        // The source's own WGS84 columns would repeat the longitude and latitude every row ends with.
        var kept = fields.Select(field => !WgsColumnNames.Contains(field.Name)).ToArray();
        var line = new StringBuilder();
        for (var i = 0; i < fields.Count; i++)
        {
            if (kept[i])
            {
                AppendText(line, fields[i].Name).Append(',');
            }
        }
        line.Append("longitude,latitude,easting_hk1980,northing_hk1980\r\n");
        await writer.WriteAsync(line, cancellationToken);
        var toGrid = Reprojector.Create(4326, 2326);
        await foreach (var row in rows.WithCancellation(cancellationToken))
        {
            line.Clear();
            for (var i = 0; i < row.Values.Count; i++)
            {
                if (i < kept.Length && !kept[i])
                {
                    continue;
                }
                var value = row.Values[i] ?? "";
                (isText[i] ? AppendText(line, value) : AppendField(line, value)).Append(',');
            }
            var (easting, northing) = toGrid.Transform(row.Longitude, row.Latitude);
            line.Append(Coordinate(row.Longitude)).Append(',').Append(Coordinate(row.Latitude)).Append(',')
                .Append(Metres(easting)).Append(',').Append(Metres(northing)).Append("\r\n");
            await writer.WriteAsync(line, cancellationToken);
        }
        await writer.FlushAsync(cancellationToken);
    }

    /// <summary>Appends one field, quoted only when RFC 4180 requires it.</summary>
    internal static StringBuilder AppendField(StringBuilder line, string value) =>
        value.AsSpan().IndexOfAny(",\"\r\n") < 0
            ? line.Append(value)
            : line.Append('"').Append(value.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');

    /// <summary>Appends text, neutralised when a spreadsheet would read it as a formula.</summary>
    internal static StringBuilder AppendText(StringBuilder line, string value) =>
        value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r'
            ? line.Append("\"'").Append(value.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"')
            : AppendField(line, value);

    /// <summary>Source columns that hold WGS84 positions (case-insensitive): left out, as every row ends with them.</summary>
    private static readonly HashSet<string> WgsColumnNames = new(["longitude", "latitude", "lon", "lat", "lng"], StringComparer.OrdinalIgnoreCase);

    /// <summary>HK1980 Grid metres to the millimetre.</summary>
    private static string Metres(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);

    /// <summary>Seven decimals of a degree is about a centimetre.</summary>
    private static string Coordinate(double degrees) => degrees.ToString("0.#######", CultureInfo.InvariantCulture);
}
