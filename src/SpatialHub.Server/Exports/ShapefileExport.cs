using System.IO.Compression;
using System.Text;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO.Esri;
using NetTopologySuite.IO.Esri.Dbf.Fields;
using NetTopologySuite.IO.Esri.Shapefiles.Writers;
using SpatialHub.Core.Catalog;
using SpatialHub.PostGis.Features;
using SpatialHub.Server.Hosting;

namespace SpatialHub.Server.Exports;

/// <summary>
/// A zipped Esri Shapefile (.shp, .shx, .dbf, .prj, .cpg) written with NetTopologySuite.IO.Esri.Shapefile. dBASE
/// limits shape it: field names of at most 10 ASCII characters (laundered and made unique), text of at most 254 bytes
/// (UTF-8, declared in the .cpg, so Chinese values survive), one geometry type per file. Text columns are as wide as
/// their longest value, so the rows are spooled to a temporary file on the first pass and written on the second.
/// </summary>
internal static class ShapefileExport
{
    private const int MaxText = 254;

    /// <summary>The .prj text: Esri's own WKT for the two systems exports offer (what ArcGIS and GDAL write).</summary>
    private static readonly Dictionary<int, string> EsriWkt = new()
    {
        [4326] = "GEOGCS[\"GCS_WGS_1984\",DATUM[\"D_WGS_1984\",SPHEROID[\"WGS_1984\",6378137.0,298.257223563]],PRIMEM[\"Greenwich\",0.0],UNIT[\"Degree\",0.0174532925199433]]",
        [2326] = "PROJCS[\"Hong_Kong_1980_Grid\",GEOGCS[\"GCS_Hong_Kong_1980\",DATUM[\"D_Hong_Kong_1980\",SPHEROID[\"International_1924\",6378388.0,297.0]],"
            + "PRIMEM[\"Greenwich\",0.0],UNIT[\"Degree\",0.0174532925199433]],PROJECTION[\"Transverse_Mercator\"],PARAMETER[\"False_Easting\",836694.05],"
            + "PARAMETER[\"False_Northing\",819069.8],PARAMETER[\"Central_Meridian\",114.178555555556],PARAMETER[\"Scale_Factor\",1.0],"
            + "PARAMETER[\"Latitude_Of_Origin\",22.3121333333333],UNIT[\"Meter\",1.0]]",
    };

    public static async Task WriteZipAsync(string directory, string zipPath, Dataset dataset, int srid, IAsyncEnumerable<FeatureRow> rows,
        ExportFeatureReader reader, CancellationToken cancellationToken)
    {
        var spool = Path.Combine(directory, "rows.bin");
        var widths = new int[dataset.Fields.Count];
        var kinds = new HashSet<ShapeType>();
        var count = 0L;
        await using (var file = File.Create(spool))
        using (var writer = new BinaryWriter(file, Encoding.UTF8))
        {
            await foreach (var row in rows.WithCancellation(cancellationToken))
            {
                var feature = reader.Read(row);
                kinds.Add(ShapeTypeOf(feature.Geometry));
                for (var i = 0; i < widths.Length; i++)
                {
                    if (feature.Values[i] is string text)
                    {
                        widths[i] = Math.Max(widths[i], Math.Min(MaxText, Encoding.UTF8.GetByteCount(text)));
                    }
                }
                writer.Write(row.FeatureId);
                writer.Write(row.GeometryJson);
                writer.Write(row.PropertiesJson);
                count++;
            }
        }

        var names = FieldNames.Unique(dataset.Fields.Select(f => f.Name), 10, clean: FieldNames.Dbase);
        // Without a byte-order mark: the library writes the .prj in this encoding too, and GDAL cannot read a .prj that starts with one.
        var options = new ShapefileWriterOptions(ShapeTypeFor(dataset, kinds)) { Encoding = new UTF8Encoding(false), Projection = EsriWkt[srid] };
        var fields = dataset.Fields.Select((field, i) => ExportFeatureReader.ClrType(field) switch
        {
            var t when t == typeof(long) => options.AddNumericInt64Field(names[i]),
            var t when t == typeof(double) => options.AddNumericDoubleField(names[i]),
            var t when t == typeof(bool) => options.AddLogicalField(names[i]),
            _ => (DbfField)options.AddCharacterField(names[i], Math.Max(1, widths[i])),
        }).ToArray();

        var shp = Path.Combine(directory, $"{dataset.Id}.shp");
        using (var shapes = Shapefile.OpenWrite(shp, options))
        using (var file = File.OpenRead(spool))
        using (var spooled = new BinaryReader(file, Encoding.UTF8))
        {
            for (var n = 0L; n < count; n++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var feature = reader.Read(new FeatureRow(spooled.ReadInt64(), spooled.ReadString(), spooled.ReadString()));
                shapes.Geometry = feature.Geometry;
                for (var i = 0; i < fields.Length; i++)
                {
                    shapes.Fields[i].Value = Fit(shapes.Fields[i], feature.Values[i]);
                }
                shapes.Write();
            }
        }
        File.Delete(spool);
        // The code page GDAL, QGIS and ArcGIS read before decoding the .dbf.
        await File.WriteAllTextAsync(Path.ChangeExtension(shp, ".cpg"), "UTF-8", cancellationToken);

        await using var zip = new ZipArchive(File.Create(zipPath), ZipArchiveMode.Create);
        foreach (var part in Directory.GetFiles(directory, $"{dataset.Id}.*"))
        {
            await zip.CreateEntryFromFileAsync(part, Path.GetFileName(part), CompressionLevel.Optimal, cancellationToken);
        }
    }

    /// <summary>A value as its dBASE field holds it: text cut to the field's width at a character boundary, anything
    /// else of the wrong type (which the catalog's types rule out) left empty.</summary>
    private static object? Fit(DbfField field, object? value) => (field, value) switch
    {
        (DbfCharacterField character, string text) => Cut(text, character.Length),
        (DbfCharacterField, not null) => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture),
        (DbfLogicalField, bool) or (DbfNumericInt64Field, long) or (DbfNumericDoubleField, double) => value,
        _ => null,
    };

    private static string Cut(string text, int bytes)
    {
        if (Encoding.UTF8.GetByteCount(text) <= bytes)
        {
            return text;
        }
        var length = text.Length;
        while (length > 0 && Encoding.UTF8.GetByteCount(text.AsSpan(0, length)) > bytes)
        {
            length--;
        }
        return char.IsHighSurrogate(text[Math.Max(0, length - 1)]) ? text[..(length - 1)] : text[..length];
    }

    private static ShapeType ShapeTypeOf(Geometry geometry) => geometry switch
    {
        Point => ShapeType.Point,
        MultiPoint => ShapeType.MultiPoint,
        LineString or MultiLineString => ShapeType.PolyLine,
        Polygon or MultiPolygon => ShapeType.Polygon,
        _ => ShapeType.NullShape,
    };

    /// <summary>The one shape type of the file: points with multipoints become multipoints; other mixes cannot be a
    /// shapefile and are refused, pointing at GeoPackage, which holds any mix.</summary>
    private static ShapeType ShapeTypeFor(Dataset dataset, HashSet<ShapeType> kinds)
    {
        if (kinds.SetEquals([ShapeType.Point, ShapeType.MultiPoint]))
        {
            return ShapeType.MultiPoint;
        }
        return kinds.Count switch
        {
            0 => ShapeTypeOf(GeometryTypes.Parse(dataset.GeometryType) switch
            {
                OgcGeometryType.Point => new Point(0, 0),
                OgcGeometryType.LineString or OgcGeometryType.MultiLineString => new LineString([]),
                OgcGeometryType.MultiPoint => new MultiPoint([]),
                _ => new Polygon(null),
            }),
            1 when !kinds.Contains(ShapeType.NullShape) => kinds.Single(),
            _ => throw new RequestValidationException("Mixed geometry types",
                $"A Shapefile holds one kind of geometry, and this selection of '{dataset.Id}' mixes several; export it as GeoPackage (f=gpkg) instead."),
        };
    }
}
