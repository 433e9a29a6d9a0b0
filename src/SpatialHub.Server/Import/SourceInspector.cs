using NetTopologySuite.Geometries;
using SpatialHub.Core.Import;

namespace SpatialHub.Server.Import;

/// <summary>What <c>spatialhub inspect</c> tells about one layer: enough to choose <c>--layer</c>, <c>--srs</c> and a key.</summary>
public sealed record LayerDescription(
    string Name, IReadOnlyList<string> GeometryTypes, long FeatureCount, string Crs, double[]? Extent, IReadOnlyList<FieldDescription> Fields, long RowsRefused);

/// <summary>A field's inferred type (as the import will type it) and its first few distinct values.</summary>
public sealed record FieldDescription(string Name, string Type, IReadOnlyList<string> Samples);

/// <summary>Describes every layer of a file by reading it the way the import reads it (same sandbox, same readers,
/// same bounds): counts, types and extents are the import's, not a guess from headers.</summary>
public static class SourceInspector
{
    private const int SampleCount = 3;

    public static async Task<IReadOnlyList<LayerDescription>> InspectAsync(
        string path, ReaderOptions options, string? format, GdalSandbox sandbox, ILogger logger, CancellationToken cancellationToken)
    {
        var names = await LayerNamesAsync(path, options.FileName, format, sandbox, logger, cancellationToken);
        var layers = new List<LayerDescription>();
        foreach (var name in names)
        {
            await using var source = await ImportSource.OpenAsync(path, options with { Layer = name }, format, sandbox, logger, cancellationToken);
            layers.Add(Describe(name ?? Path.GetFileNameWithoutExtension(options.FileName), source.Reader, cancellationToken));
        }
        return layers;
    }

    /// <summary>The layer names GDAL lists for a GDAL format; one unnamed layer (null) for the formats the project reads.</summary>
    public static async Task<IReadOnlyList<string?>> LayerNamesAsync(
        string path, string fileName, string? format, GdalSandbox sandbox, ILogger logger, CancellationToken cancellationToken)
    {
        using var staged = await StagedFile.StageAsync(path, fileName, format, sandbox.Options, cancellationToken);
        if (staged.IsReadByTheProject)
        {
            return [null];
        }
        sandbox.EnsureAvailable();
        sandbox.Admit(staged.Workspace!);
        var (_, layers) = await GdalFeatureReader.DetectDriverAsync(staged.Path, staged.Format!, fileName, sandbox, staged.Workspace!, logger, cancellationToken);
        return layers.Select(l => (string?)l.Name).ToList();
    }

    private static LayerDescription Describe(string name, IFeatureReader reader, CancellationToken cancellationToken)
    {
        long count = 0, refused = 0;
        var envelope = new Envelope();
        var types = new SortedSet<string>(StringComparer.Ordinal);
        var samples = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var result in reader.Read())
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (result.Feature is not { } feature)
            {
                refused++;
                continue;
            }
            count++;
            envelope.ExpandToInclude(feature.Geometry.EnvelopeInternal);
            types.Add(feature.Geometry.GeometryType);
            foreach (var (field, value) in feature.Properties)
            {
                var list = samples.TryGetValue(field, out var l) ? l : samples[field] = [];
                var text = Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture);
                if (list.Count < SampleCount && !string.IsNullOrEmpty(text) && !list.Contains(text))
                {
                    list.Add(text.Length > 60 ? text[..60] + "…" : text);
                }
            }
        }
        var fields = reader.Fields.Select(f => new FieldDescription(f.Name, f.Type.ToString().ToLowerInvariant(),
            samples.TryGetValue(f.Name, out var s) ? s : [])).ToList();
        double[]? extent = envelope.IsNull ? null : [envelope.MinX, envelope.MinY, envelope.MaxX, envelope.MaxY];
        return new LayerDescription(name, [.. types], count, $"EPSG:{reader.SourceCrs.Srid} ({reader.SourceCrs.Name})", extent, fields, refused);
    }
}
