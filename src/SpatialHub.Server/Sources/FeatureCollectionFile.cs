using System.Text.Json;
using SpatialHub.Core.Import.Services;
using SpatialHub.Core.Projection;

namespace SpatialHub.Server.Sources;

/// <summary>Writes service pages into one GeoJSON FeatureCollection file, one feature per line, whose <c>crs</c>
/// member names the service's CRS (the project's GeoJSON reader honours it, as it does for GDAL's output).</summary>
internal sealed class FeatureCollectionFile(string path) : IAsyncDisposable
{
    private static readonly byte[] Separator = ",\n"u8.ToArray();
    private readonly FileStream _file = new(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);
    private Utf8JsonWriter? _writer;

    public int Pages { get; private set; }

    public long Features { get; private set; }

    /// <summary>Writes the collection's head; <paramref name="crs"/> null leaves GeoJSON's default, CRS84.</summary>
    public void Begin(Crs? crs)
    {
        _writer = new Utf8JsonWriter(_file);
        var name = crs is null || crs.Srid == CrsRegistry.Wgs84.Srid ? "urn:ogc:def:crs:OGC:1.3:CRS84" : $"urn:ogc:def:crs:EPSG::{crs.Srid}";
        _file.Write(System.Text.Encoding.UTF8.GetBytes($"{{\"type\":\"FeatureCollection\",\"crs\":{{\"type\":\"name\",\"properties\":{{\"name\":\"{name}\"}}}},\"features\":[\n"));
    }

    /// <summary>Appends a page's features: GeoJSON as they are, ESRI JSON converted.</summary>
    public void Add(JsonElement page, bool esri)
    {
        Pages++;
        if (esri)
        {
            EsriJson.WriteFeatures(page, Write);
            return;
        }
        foreach (var feature in page.GetProperty("features").EnumerateArray())
        {
            Write(feature.WriteTo);
        }
    }

    private void Write(Action<Utf8JsonWriter> feature)
    {
        if (Features > 0)
        {
            _file.Write(Separator);
        }
        _writer!.Reset(_file);
        feature(_writer);
        _writer.Flush();
        Features++;
    }

    public async ValueTask DisposeAsync()
    {
        if (_writer is not null)
        {
            _file.Write("\n]}\n"u8);
            await _writer.DisposeAsync();
        }
        await _file.DisposeAsync();
    }
}
