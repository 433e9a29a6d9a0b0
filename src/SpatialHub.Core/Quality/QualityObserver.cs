using System.Globalization;
using NetTopologySuite.Geometries;
using SpatialHub.Core.Import;
using SpatialHub.Core.Projection;

namespace SpatialHub.Core.Quality;

/// <summary>
/// Runs the row-level quality checks on features as the import streams them, without holding them: the two
/// coordinate pairs against each other, duplicates, round-number positions, empty values and mixed types per field.
/// The result is <see cref="Report"/>; checks that need the loaded table (zones) are added by the database layer.
/// </summary>
public sealed class QualityObserver(QualityOptions options)
{
    private readonly FieldProfiles _fields = new();
    private readonly DuplicateFinder _duplicates = new(options.DuplicateMetres, options.MaxListed);
    private readonly LineMap _lines = new();
    private readonly List<RoundCoordinate> _round = [];
    private readonly List<FlaggedFeature> _flagged = [];
    private readonly Dictionary<string, int> _flaggedPerCheck = [];
    private CoordinatePairCheck? _pairs;
    private (string X, string Y)[] _knownPairs = [];
    private HashSet<string> _coordinateFields = [];
    private bool _started;
    private long _features;
    private long _roundCount;
    private bool _pointsOnly = true;

    public QualityOptions Options => options;

    /// <summary>Passes the rows through unchanged, observing each feature on the way.</summary>
    /// <param name="reader">The reader the rows come from, when known: its CRS tells whether the coordinate-pair
    /// check can reuse the geometry's reprojection.</param>
    public IEnumerable<PreparedRow> Observe(IEnumerable<PreparedRow> rows, IFeatureReader? reader = null)
    {
        foreach (var row in rows)
        {
            if (row.Feature is { } feature)
            {
                Observe(feature, reader);
            }
            yield return row;
        }
    }

    private void Observe(PreparedFeature feature, IFeatureReader? reader)
    {
        if (!_started)
        {
            Start(feature.Properties.Keys.ToList(), reader?.SourceCrs.IsGeographic == false);
        }
        _features++;
        _lines.Add(feature.FeatureId, feature.Line);
        _fields.Observe(feature.Line, feature.Properties);
        var (longitude, latitude) = Position(feature.Wgs84);
        if (_pairs?.Observe(feature.FeatureId, feature.Line, feature.Properties, longitude, latitude) is { } disagreement)
        {
            Flag(feature, "coordinate-pair", disagreement.Reason, longitude, latitude);
        }
        if (feature.WebMercator is Point point)
        {
            _duplicates.Observe(feature.FeatureId, point.X, point.Y, AttributeHash(feature.Properties));
            CheckRound(feature, longitude, latitude);
        }
        else
        {
            _pointsOnly = false;
        }
    }

    private void Start(IReadOnlyList<string> names, bool projectedSource)
    {
        _started = true;
        _pairs = CoordinatePairCheck.For(names, options, projectedSource);
        _knownPairs = new[] { PositionFrom.EastingNorthing, PositionFrom.LatitudeLongitude }
            .Select(kind => CoordinateColumns.Find(names, kind))
            .OfType<CoordinateColumns>()
            .Select(c => (names[c.XIndex], names[c.YIndex]))
            .ToArray();
        _coordinateFields = _knownPairs.SelectMany(p => new[] { p.X, p.Y }).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>Whole hundreds of metres (HK1980 Grid) or whole hundredths of a degree on both axes: a placeholder, not a survey.</summary>
    private void CheckRound(PreparedFeature feature, double longitude, double latitude)
    {
        foreach (var (xField, yField) in _knownPairs)
        {
            if (CoordinatePairCheck.TryNumber(feature.Properties, xField, out var x) && CoordinatePairCheck.TryNumber(feature.Properties, yField, out var y)
                && (Math.Abs(x) > 180 ? IsMultiple(x, 100) && IsMultiple(y, 100) : IsMultiple(x, 0.01) && IsMultiple(y, 0.01)))
            {
                AddRound(feature, $"{xField}/{yField}", x, y, longitude, latitude);
                return;
            }
        }
        if (_knownPairs.Length == 0 && IsMultiple(longitude, 0.01) && IsMultiple(latitude, 0.01))
        {
            AddRound(feature, "geometry", longitude, latitude, longitude, latitude);
        }
    }

    private void AddRound(PreparedFeature feature, string fields, double x, double y, double longitude, double latitude)
    {
        _roundCount++;
        if (_round.Count < options.MaxListed)
        {
            _round.Add(new RoundCoordinate(feature.FeatureId, feature.Line, fields, x, y));
        }
        Flag(feature, "round-coordinates", string.Create(CultureInfo.InvariantCulture, $"{fields} are round numbers ({x}, {y}): a placeholder position?"), longitude, latitude);
    }

    private static bool IsMultiple(double value, double step)
    {
        var steps = value / step;
        return Math.Abs(steps - Math.Round(steps)) < 1e-6;
    }

    private void Flag(PreparedFeature feature, string check, string reason, double longitude, double latitude) =>
        Flag(new FlaggedFeature(feature.FeatureId, feature.Line, check, reason, longitude, latitude));

    private void Flag(FlaggedFeature flagged)
    {
        var count = _flaggedPerCheck.GetValueOrDefault(flagged.Check);
        if (count < options.MaxListed)
        {
            _flagged.Add(flagged);
            _flaggedPerCheck[flagged.Check] = count + 1;
        }
    }

    private DuplicateReport Duplicates() => _duplicates.Report(_lines.LineOf, (pair, longitude, latitude) => Flag(new FlaggedFeature(
        pair.FeatureId, pair.Line, "duplicate", string.Create(CultureInfo.InvariantCulture,
            $"within {QualityText.Metres(pair.DistanceMetres)} of feature {pair.OtherFeatureId} (line {pair.OtherLine}), {(pair.SameAttributes ? "same" : "different")} attributes"),
        longitude, latitude)));

    /// <summary>The source line of a feature this observer saw.</summary>
    public long LineOf(long featureId) => _lines.LineOf(featureId);

    /// <summary>Hash of the attributes other than the coordinate columns (which differ between near duplicates by definition).</summary>
    private int AttributeHash(IReadOnlyDictionary<string, object?> properties)
    {
        var hash = new HashCode();
        foreach (var (name, value) in properties)
        {
            if (!_coordinateFields.Contains(name))
            {
                hash.Add(value);
            }
        }
        return hash.ToHashCode();
    }

    private static (double Longitude, double Latitude) Position(Geometry wgs84) => wgs84 is Point p
        ? (p.X, p.Y)
        : (wgs84.EnvelopeInternal.Centre.X, wgs84.EnvelopeInternal.Centre.Y);

    /// <summary>Fields that may name zones, for the zone check after load.</summary>
    public IReadOnlyList<ZoneFieldCandidate> ZoneCandidates() => _fields.ZoneCandidates();

    /// <summary>The report of the row-level checks; <paramref name="zones"/> and its flagged features come from the database.</summary>
    public QualityReport Report(
        string datasetId, long version, IReadOnlyList<FieldDefinition> fields, Crs sourceCrs, ZoneReport? zones)
    {
        var pairs = _pairs?.Report();
        var duplicates = _pointsOnly ? Duplicates() : null;
        zones = zones is null ? null : zones with { Rows = zones.Rows.Select(z => z with { Line = LineOf(z.FeatureId) }).ToList() };
        var builtFrom = _knownPairs.FirstOrDefault(p => BuiltFrom(p, sourceCrs)) is { X: not null } used
            ? $"{used.X}/{used.Y} ({sourceCrs.Name}, EPSG:{sourceCrs.Srid})"
            : null;
        var mixed = _fields.Mixed(fields);
        var findings = QualityFindings.Describe(_features, pairs, zones, duplicates, _roundCount, mixed);
        var flagged = _flagged.Concat(zones?.Rows.Select(z => new FlaggedFeature(z.FeatureId, z.Line, "zone",
            $"{zones.Field} says {z.Value} but the feature is in {z.FallsIn} ({zones.ZoneLayer.Title})", z.Longitude, z.Latitude)) ?? []).ToList();
        return new QualityReport(datasetId, version, DateTimeOffset.UtcNow, _features, builtFrom, pairs, zones, duplicates,
            new RoundCoordinateReport(_roundCount, _round), _fields.Empties(_features), mixed, findings, flagged);
    }

    private bool BuiltFrom((string X, string Y) pair, Crs sourceCrs) =>
        CoordinateColumns.Find([pair.X, pair.Y], sourceCrs.IsGeographic ? PositionFrom.LatitudeLongitude : PositionFrom.EastingNorthing) is not null;
}
