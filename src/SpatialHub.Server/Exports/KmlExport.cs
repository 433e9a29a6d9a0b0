using System.Globalization;
using System.Xml;
using NetTopologySuite.Geometries;
using SpatialHub.Core.Catalog;

namespace SpatialHub.Server.Exports;

/// <summary>
/// KML 2.2 (OGC 07-147r2), always WGS84 longitude/latitude: the format has no other CRS. One Placemark per feature,
/// named by the dataset's first name-like text field, with every attribute as typed ExtendedData (a Schema and its
/// SchemaData, which GDAL and Google Earth read as fields). Streamed to the response: the XML is written into a small
/// buffer that is copied out asynchronously after each placemark (the server allows no synchronous response writes).
/// </summary>
internal static class KmlExport
{
    private const string Namespace = "http://www.opengis.net/kml/2.2";

    public static async Task WriteAsync(Stream body, Dataset dataset, IAsyncEnumerable<ExportFeature> features, CancellationToken cancellationToken)
    {
        var settings = new XmlWriterSettings { Encoding = new System.Text.UTF8Encoding(false), Indent = false };
        using var buffer = new MemoryStream();
        using var xml = XmlWriter.Create(buffer, settings);
        var nameField = NameField(dataset.Fields);
        async Task DrainAsync()
        {
            xml.Flush();
            buffer.Position = 0;
            await buffer.CopyToAsync(body, cancellationToken);
            buffer.SetLength(0);
        }
        xml.WriteStartDocument();
        xml.WriteStartElement("kml", Namespace);
        xml.WriteStartElement("Document");
        xml.WriteElementString("name", dataset.Title);
        if (dataset.Attribution is { } attribution)
        {
            xml.WriteElementString("description", attribution);
        }
        xml.WriteStartElement("Schema");
        xml.WriteAttributeString("name", dataset.Id);
        xml.WriteAttributeString("id", dataset.Id);
        foreach (var field in dataset.Fields)
        {
            xml.WriteStartElement("SimpleField");
            xml.WriteAttributeString("name", field.Name);
            xml.WriteAttributeString("type", field.Type switch { "integer" => "int", "real" => "double", "boolean" => "bool", _ => "string" });
            xml.WriteEndElement();
        }
        xml.WriteEndElement();
        xml.WriteStartElement("Folder");
        xml.WriteElementString("name", dataset.Title);
        await foreach (var feature in features.WithCancellation(cancellationToken))
        {
            xml.WriteStartElement("Placemark");
            xml.WriteAttributeString("id", $"{dataset.Id}.{feature.FeatureId}");
            xml.WriteElementString("name", nameField is { } n && feature.Values[n] is { } name ? Text(name) : feature.FeatureId.ToString(CultureInfo.InvariantCulture));
            xml.WriteStartElement("ExtendedData");
            xml.WriteStartElement("SchemaData");
            xml.WriteAttributeString("schemaUrl", $"#{dataset.Id}");
            for (var i = 0; i < dataset.Fields.Count; i++)
            {
                if (feature.Values[i] is { } value)
                {
                    xml.WriteStartElement("SimpleData");
                    xml.WriteAttributeString("name", dataset.Fields[i].Name);
                    xml.WriteString(Text(value));
                    xml.WriteEndElement();
                }
            }
            xml.WriteEndElement();
            xml.WriteEndElement();
            WriteGeometry(xml, feature.Geometry);
            xml.WriteEndElement();
            if (buffer.Length > 32 * 1024)
            {
                await DrainAsync();
            }
        }
        xml.WriteEndElement();
        xml.WriteEndElement();
        xml.WriteEndElement();
        xml.WriteEndDocument();
        await DrainAsync();
    }

    /// <summary>The field whose value names a placemark: the first text field with "name" in it, else the first text field.</summary>
    private static int? NameField(IReadOnlyList<DatasetField> fields)
    {
        var text = fields.Select((f, i) => (f, i)).Where(p => ExportFeatureReader.ClrType(p.f) == typeof(string)).ToList();
        return text.FirstOrDefault(p => p.f.Name.Contains("name", StringComparison.OrdinalIgnoreCase)) is { f: not null } named
            ? named.i
            : text.Count > 0 ? text[0].i : null;
    }

    private static string Text(object value) => value switch
    {
        bool b => b ? "1" : "0",
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private static void WriteGeometry(XmlWriter xml, Geometry geometry)
    {
        switch (geometry)
        {
            case Point point:
                xml.WriteStartElement("Point");
                Coordinates(xml, point.Coordinates);
                xml.WriteEndElement();
                break;
            case LineString line:
                xml.WriteStartElement("LineString");
                Coordinates(xml, line.Coordinates);
                xml.WriteEndElement();
                break;
            case Polygon polygon:
                xml.WriteStartElement("Polygon");
                Ring(xml, "outerBoundaryIs", polygon.ExteriorRing);
                foreach (var hole in polygon.InteriorRings)
                {
                    Ring(xml, "innerBoundaryIs", hole);
                }
                xml.WriteEndElement();
                break;
            case GeometryCollection collection:
                xml.WriteStartElement("MultiGeometry");
                foreach (var part in collection.Geometries)
                {
                    WriteGeometry(xml, part);
                }
                xml.WriteEndElement();
                break;
        }
    }

    private static void Ring(XmlWriter xml, string boundary, LineString ring)
    {
        xml.WriteStartElement(boundary);
        xml.WriteStartElement("LinearRing");
        Coordinates(xml, ring.Coordinates);
        xml.WriteEndElement();
        xml.WriteEndElement();
    }

    private static void Coordinates(XmlWriter xml, Coordinate[] coordinates) =>
        xml.WriteElementString("coordinates", string.Join(' ', coordinates.Select(c => string.Create(CultureInfo.InvariantCulture, $"{c.X:R},{c.Y:R}"))));
}
