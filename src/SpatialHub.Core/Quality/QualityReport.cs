namespace SpatialHub.Core.Quality;

/// <summary>What the import found when it checked a dataset version against itself and against the map. It informs;
/// nothing in it refused a row. Lists are capped (<see cref="QualityOptions.MaxListed"/>); counts are not.</summary>
/// <param name="PositionBuiltFrom">The column pair the geometry was built from (CSV), e.g. "EASTING/NORTHING (EPSG:2326)".</param>
/// <param name="Findings">One line per finding, most serious first; empty when nothing was found.</param>
/// <param name="Flagged">The flagged features with where they are and why, for the map and the CSV export.</param>
public sealed record QualityReport(
    string DatasetId,
    long Version,
    DateTimeOffset CheckedAt,
    long Features,
    string? PositionBuiltFrom,
    CoordinatePairReport? CoordinatePairs,
    ZoneReport? Zones,
    DuplicateReport? Duplicates,
    RoundCoordinateReport RoundCoordinates,
    IReadOnlyList<FieldEmpties> EmptyValues,
    IReadOnlyList<MixedTypeField> MixedTypes,
    IReadOnlyList<string> Findings,
    IReadOnlyList<FlaggedFeature> Flagged)
{
    /// <summary>The catalog's quality line: every finding, or that the checks found nothing.</summary>
    public string Summary => Findings.Count == 0 ? "No quality findings" : string.Join("; ", Findings);
}

/// <summary>The two coordinate pairs of each row compared: the geographic one reprojected to HK1980 Grid.</summary>
/// <param name="NotCompared">Rows where either pair was missing or not a number.</param>
public sealed record CoordinatePairReport(
    string Projected,
    string Geographic,
    long Compared,
    long NotCompared,
    double ToleranceMetres,
    double? MedianMetres,
    double? P95Metres,
    double? MaxMetres,
    long BeyondTolerance,
    IReadOnlyList<PairDisagreement> Rows);

/// <param name="DistanceMetres">Null when the geographic pair is not a position at all (latitude beyond ±90°).</param>
/// <param name="Reason">Why the pair disagrees when it can be told, e.g. latitude and longitude swapped.</param>
public sealed record PairDisagreement(
    long FeatureId, long Line, double Easting, double Northing, double Longitude, double Latitude, double? DistanceMetres, string Reason);

/// <summary>A field naming zones of a zone layer, checked against the zone each feature falls in.</summary>
/// <param name="MatchedShare">Share of the field's non-empty values that name a zone of the layer.</param>
public sealed record ZoneReport(
    string Field,
    ZoneLayer ZoneLayer,
    double MatchedShare,
    long Checked,
    long OutsideEveryZone,
    long Mismatched,
    IReadOnlyList<ZoneMismatch> Rows);

/// <summary>The zone layer as the catalog knows it, so that a reader can tell a data error from an old boundary.</summary>
public sealed record ZoneLayer(string Id, string Title, string? Attribution, string? SourceFile, long Version, DateTimeOffset ImportedAt);

/// <param name="Line">The feature's line in the source, like the other checks' rows (the zone check itself runs in the database, on feature ids).</param>
public sealed record ZoneMismatch(long FeatureId, string Value, string FallsIn, double Longitude, double Latitude, long? Line = null);

/// <summary>Point features within <see cref="ToleranceMetres"/> of another.</summary>
/// <param name="Features">Features with at least one other within the tolerance.</param>
public sealed record DuplicateReport(double ToleranceMetres, long Features, long Pairs, long SameAttributePairs, IReadOnlyList<DuplicatePair> Rows);

public sealed record DuplicatePair(long FeatureId, long Line, long OtherFeatureId, long OtherLine, double DistanceMetres, bool SameAttributes);

/// <summary>Positions whose coordinates are both round numbers (whole 100 m, or whole 0.01°): typical placeholders.</summary>
public sealed record RoundCoordinateReport(long Count, IReadOnlyList<RoundCoordinate> Rows);

public sealed record RoundCoordinate(long FeatureId, long Line, string Fields, double X, double Y);

public sealed record FieldEmpties(string Field, long Empty);

/// <summary>A field whose source values were of more than one type, recorded before the importer made them one.</summary>
/// <param name="StoredAs">The type the importer gave the field.</param>
/// <param name="Counts">Non-empty values per source type (integer, real, boolean, date, text).</param>
/// <param name="Examples">The first value of each type, with its line.</param>
public sealed record MixedTypeField(string Field, string StoredAs, IReadOnlyDictionary<string, long> Counts, IReadOnlyList<TypeExample> Examples);

public sealed record TypeExample(string Type, string Value, long Line);

/// <summary>A feature the checks flagged. <see cref="Check"/> is coordinate-pair, zone, duplicate or round-coordinates.</summary>
public sealed record FlaggedFeature(long FeatureId, long? Line, string Check, string Reason, double Longitude, double Latitude);
