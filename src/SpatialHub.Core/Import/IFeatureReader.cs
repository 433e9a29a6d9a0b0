using SpatialHub.Core.Projection;

namespace SpatialHub.Core.Import;

/// <summary>Streams features out of one source file. One implementation per format.</summary>
public interface IFeatureReader
{
    /// <summary>The CRS of the coordinates read so far: declared by the file, given by the user, or guessed.</summary>
    Crs SourceCrs { get; }

    /// <summary>The attribute fields and their inferred types; complete once <see cref="Read"/> has been enumerated to the end.</summary>
    IReadOnlyList<FieldDefinition> Fields { get; }

    /// <summary>Fields whose final type is Text but of which some yielded values were numbers or booleans (types are
    /// inferred while streaming, so a late value can widen a field after earlier features went out); complete once
    /// <see cref="Read"/> has been enumerated to the end.</summary>
    IReadOnlyList<string> TextFieldsWithTypedValues { get; }

    /// <summary>Reads the file once, lazily, in bounded memory.</summary>
    IEnumerable<ReadResult> Read();
}

/// <summary>What the user told the import about a file.</summary>
/// <param name="FileName">Shown in every issue.</param>
/// <param name="Srs">Overrides the file's CRS (any form <c>CrsParser</c> accepts).</param>
/// <param name="XField">CSV column holding x (easting or longitude); found automatically when null.</param>
/// <param name="YField">CSV column holding y (northing or latitude); found automatically when null.</param>
/// <param name="Layer">The layer to read from a file that holds several (GeoPackage, FileGDB ...); null when it holds one.</param>
/// <param name="PositionFrom">CSV: which known column pair builds the geometry when the file has both.</param>
public sealed record ReaderOptions(
    string FileName, string? Srs = null, string? XField = null, string? YField = null, string? Layer = null,
    PositionFrom PositionFrom = PositionFrom.Auto);
