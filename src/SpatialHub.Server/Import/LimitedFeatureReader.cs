using SpatialHub.Core.Import;
using SpatialHub.Core.Projection;

namespace SpatialHub.Server.Import;

/// <summary>Holds any reader to <see cref="ImportOptions.MaxRows"/> (over it: 413, nothing written) and
/// <see cref="ImportOptions.MaxFeatureBytes"/> (a bigger feature is a row issue, at its line).</summary>
internal sealed class LimitedFeatureReader(IFeatureReader inner, ImportOptions limits, string fileName) : IFeatureReader
{
    public Crs SourceCrs => inner.SourceCrs;

    public IReadOnlyList<FieldDefinition> Fields => inner.Fields;

    public IReadOnlyList<string> TextFieldsWithTypedValues => inner.TextFieldsWithTypedValues;

    public IEnumerable<ReadResult> Read()
    {
        long rows = 0;
        foreach (var result in inner.Read())
        {
            if (++rows > limits.MaxRows)
            {
                throw UploadRefusedException.TooLarge(
                    $"{fileName} holds more than {limits.MaxRows:N0} rows (SpatialHub:Import:MaxRows); nothing was imported.");
            }
            if (result.Feature is { } feature && SizeOf(feature) is var size && size > limits.MaxFeatureBytes)
            {
                yield return ReadResult.Failed(new ImportIssue(fileName, feature.Line, null, null,
                    $"the feature is {size:N0} bytes, over the limit of {limits.MaxFeatureBytes:N0} (SpatialHub:Import:MaxFeatureBytes)"));
                continue;
            }
            yield return result;
        }
    }

    /// <summary>What the feature costs to hold: 8 bytes an ordinate, and the characters of its attributes.</summary>
    private static long SizeOf(SourceFeature feature)
    {
        var geometry = feature.Geometry;
        var dimensions = double.IsNaN(geometry.Coordinate?.Z ?? double.NaN) ? 2 : 3;
        long size = 8L * dimensions * geometry.NumPoints;
        foreach (var (name, value) in feature.Properties)
        {
            size += name.Length + (value is string text ? text.Length : 8);
        }
        return size;
    }
}
