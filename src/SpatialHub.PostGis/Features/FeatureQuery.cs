using System.Runtime.CompilerServices;
using Npgsql;
using SpatialHub.Core.Catalog;
using SpatialHub.PostGis.Catalog;
using SpatialHub.PostGis.Reads;
using SpatialHub.PostGis.Replicas;

namespace SpatialHub.PostGis.Features;

/// <summary>A box, already validated by the caller: x (longitude or easting) then y, in the CRS with this EPSG code
/// (4326 for a CRS84 box).</summary>
public sealed record BoundingBox(double MinLon, double MinLat, double MaxLon, double MaxLat, int Srid = 4326);

/// <summary>The CRS features are written in: an EPSG code PostGIS transforms to, whether latitude comes first (EPSG:4326
/// as opposed to CRS84), and the decimals kept (PostGIS rounds).</summary>
public sealed record FeatureCrs(int Srid, bool LatitudeFirst, int Decimals)
{
    public static FeatureCrs Crs84 { get; } = new(4326, LatitudeFirst: false, Decimals: 9);

    /// <summary>The GeoJSON of a feature's geometry in this CRS. Only our own integers enter the SQL text.
    /// Options 0: no "crs" member (PostGIS adds one for SRIDs other than 4326 by default).</summary>
    internal string GeoJson()
    {
        var transformed = Srid == 4326 ? "f.geom" : $"ST_Transform(f.geom, {Srid})";
        return $"ST_AsGeoJSON({(LatitudeFirst ? $"ST_FlipCoordinates({transformed})" : transformed)}, {Decimals}, 0)";
    }
}

/// <summary>Which features of a dataset a query keeps: those intersecting the box and/or the area, and matching the
/// predicate (CQL2, property=value, datetime).</summary>
public sealed record FeatureFilter(BoundingBox? Bbox = null, WithinFilter? Within = null, FeaturePredicate? Predicate = null);

/// <summary>One feature as GeoJSON parts built by PostGIS: the geometry and the jsonb attributes, both as JSON text.</summary>
public sealed record FeatureRow(long FeatureId, string GeometryJson, string PropertiesJson);

/// <summary>One feature flattened for CSV: a representative point (ST_PointOnSurface, the point itself for points)
/// and the text of each requested attribute (null when absent or JSON null).</summary>
public sealed record FlatFeatureRow(long FeatureId, double Longitude, double Latitude, IReadOnlyList<string?> Values);

/// <summary>
/// Reads features of one dataset version for OGC API – Features. The table name comes from the catalog entry and
/// every value the client sent is a parameter. Pages are ordered by feature_id so that offset paging is stable.
/// Every statement names the version's own table and goes through the <see cref="ReadRouter"/>: a replica that has not
/// replayed that table yet answers 42P01 and the primary answers instead. With a <paramref name="statementTimeout"/>,
/// PostgreSQL cancels every statement that runs longer (<see cref="StatementTimeoutException"/>): anyone may ask for
/// a whole-dataset export.
/// </summary>
public sealed class FeatureQuery(ReadRouter reads, TimeSpan? statementTimeout = null)
{
    public FeatureQuery(NpgsqlDataSource dataSource) : this(ReadRouter.PrimaryOnly(dataSource))
    {
    }

    /// <summary>How many features the filter keeps (OGC <c>numberMatched</c>).</summary>
    public async Task<long> CountAsync(Dataset dataset, FeatureFilter filter, CancellationToken cancellationToken = default)
    {
        var parameters = new List<NpgsqlParameter>();
        var where = Where(filter, parameters);
        return (long)(await ScalarAsync($"SELECT count(*) FROM {dataset.FeatureTable} f {where}", parameters, cancellationToken))!;
    }

    /// <summary>The earliest and latest day of a date field, null when no feature has one (a collection's temporal
    /// extent). Cast as the <c>datetime</c> filter casts it, so the two agree.</summary>
    public async Task<(DateOnly? First, DateOnly? Last)> DayRangeAsync(Dataset dataset, string field, CancellationToken cancellationToken = default)
    {
        await using var reader = await ReaderAsync(
            $"SELECT min((f.properties ->> $1)::date), max((f.properties ->> $1)::date) FROM {dataset.FeatureTable} f",
            [new NpgsqlParameter { Value = field, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text }], cancellationToken);
        await StatementTimeout.ReadAsync(reader, statementTimeout, cancellationToken);
        return (reader.IsDBNull(0) ? null : reader.GetFieldValue<DateOnly>(0), reader.IsDBNull(1) ? null : reader.GetFieldValue<DateOnly>(1));
    }

    /// <summary>One page of features, by feature_id.</summary>
    public async IAsyncEnumerable<FeatureRow> PageAsync(
        Dataset dataset, FeatureFilter filter, int limit, long offset, FeatureCrs? crs = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var parameters = new List<NpgsqlParameter>();
        var where = Where(filter, parameters);
        parameters.Add(FieldNames(dataset));
        var sql = $"""
            SELECT f.feature_id, {(crs ?? FeatureCrs.Crs84).GeoJson()}, {OrderedProperties(parameters.Count)} FROM {dataset.FeatureTable} f {where}
            ORDER BY f.feature_id LIMIT ${parameters.Count + 1} OFFSET ${parameters.Count + 2}
            """;
        parameters.Add(new NpgsqlParameter { Value = limit });
        parameters.Add(new NpgsqlParameter { Value = offset });
        await using var reader = await ReaderAsync(sql, parameters, cancellationToken);
        while (await StatementTimeout.ReadAsync(reader, statementTimeout, cancellationToken))
        {
            yield return new FeatureRow(reader.GetInt64(0), reader.GetString(1), reader.GetString(2));
        }
    }

    /// <summary>One feature by id, or null.</summary>
    public async Task<FeatureRow?> FindAsync(Dataset dataset, long featureId, FeatureCrs? crs = null, CancellationToken cancellationToken = default)
    {
        await using var reader = await ReaderAsync(
            $"SELECT f.feature_id, {(crs ?? FeatureCrs.Crs84).GeoJson()}, {OrderedProperties(2)} FROM {dataset.FeatureTable} f WHERE f.feature_id = $1",
            [new NpgsqlParameter { Value = featureId }, FieldNames(dataset)], cancellationToken);
        return await StatementTimeout.ReadAsync(reader, statementTimeout, cancellationToken) ? new FeatureRow(reader.GetInt64(0), reader.GetString(1), reader.GetString(2)) : null;
    }

    /// <summary>Features flattened to the given attributes and a representative point, by feature_id;
    /// all of them when <paramref name="limit"/> is null.</summary>
    public async IAsyncEnumerable<FlatFeatureRow> FlatAsync(
        Dataset dataset, FeatureFilter filter, IReadOnlyList<string> fields, int? limit, long offset,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var parameters = new List<NpgsqlParameter>();
        var where = Where(filter, parameters);
        // Attribute names come from the imported file, so they travel as a parameter, never as SQL text.
        parameters.Add(new NpgsqlParameter { Value = fields.ToArray() });
        var fieldsParameter = parameters.Count;
        parameters.Add(new NpgsqlParameter { Value = limit.HasValue ? limit.Value : DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Integer });
        parameters.Add(new NpgsqlParameter { Value = offset });
        var sql = $"""
            SELECT f.feature_id, ST_X(p.point), ST_Y(p.point),
                   ARRAY(SELECT f.properties ->> name FROM unnest(${fieldsParameter}::text[]) WITH ORDINALITY AS n(name, i) ORDER BY n.i)
            FROM {dataset.FeatureTable} f CROSS JOIN LATERAL (SELECT ST_PointOnSurface(f.geom) AS point) p {where}
            ORDER BY f.feature_id LIMIT ${fieldsParameter + 1} OFFSET ${fieldsParameter + 2}
            """;
        await using var reader = await ReaderAsync(sql, parameters, cancellationToken);
        while (await StatementTimeout.ReadAsync(reader, statementTimeout, cancellationToken))
        {
            yield return new FlatFeatureRow(reader.GetInt64(0), reader.GetDouble(1), reader.GetDouble(2), reader.GetFieldValue<string?[]>(3));
        }
    }

    private async Task<object?> ScalarAsync(string sql, IReadOnlyList<NpgsqlParameter> parameters, CancellationToken cancellationToken)
    {
        await using var reader = await ReaderAsync(sql, parameters, cancellationToken);
        return await StatementTimeout.ReadAsync(reader, statementTimeout, cancellationToken) ? reader.GetValue(0) : null;
    }

    /// <summary>Opens the reader where the router says; a failure to open it (the table not replayed yet, the replica
    /// down) is retried on the primary, while rows already streamed cannot be. The parameters are copied each time
    /// (a parameter belongs to one command, and a read may be tried twice).</summary>
    private Task<NpgsqlDataReader> ReaderAsync(string sql, IReadOnlyList<NpgsqlParameter> parameters, CancellationToken cancellationToken) =>
        reads.ReadAsync(
            dataSource => StatementTimeout.ExecuteReaderAsync(dataSource, sql, parameters.Select(p => p.Clone()), statementTimeout, cancellationToken),
            null, cancellationToken);

    /// <summary>The WHERE clause for a filter, appending its parameters ($1, $2, ...) to <paramref name="parameters"/>.</summary>
    private static string Where(FeatureFilter filter, List<NpgsqlParameter> parameters)
    {
        var conditions = new List<string>();
        if (filter.Bbox is { } box)
        {
            conditions.Add(BboxCondition(box.Srid, parameters.Count + 1));
            parameters.AddRange([Double(box.MinLon), Double(box.MinLat), Double(box.MaxLon), Double(box.MaxLat)]);
        }
        if (filter.Within is { } within)
        {
            conditions.Add(within.Condition("f.geom_3857", parameters.Count + 1));
            parameters.Add(within.Parameter());
        }
        if (filter.Predicate is { } predicate)
        {
            conditions.Add(predicate.Condition("f", parameters));
        }
        return conditions.Count == 0 ? "" : "WHERE " + string.Join(" AND ", conditions);
    }

    /// <summary>Features intersecting the box $first..$first+3 in <paramref name="srid"/> (a code from our own list).
    /// Only geom_3857 is indexed (tiles need it), so every form first narrows by it.</summary>
    private static string BboxCondition(int srid, int first)
    {
        var envelope = $"ST_MakeEnvelope(${first}, ${first + 1}, ${first + 2}, ${first + 3}, {srid})";
        return srid switch
        {
            // A lon/lat box is still a box in Web Mercator, so the index finds the candidates exactly; the WGS84 test
            // then decides (latitudes clamped to Mercator's range).
            4326 => $"f.geom_3857 && ST_Transform(ST_MakeEnvelope(${first}, greatest(${first + 1}, -85.05), ${first + 2}, least(${first + 3}, 85.05), 4326), 3857) "
                + $"AND ST_Intersects(f.geom, {envelope})",
            3857 => $"f.geom_3857 && {envelope} AND ST_Intersects(f.geom_3857, {envelope})",
            // A grid box's edges curve slightly in Web Mercator: the candidates come from its densified outline plus a
            // metre, and the test itself is made in the box's own CRS.
            _ => $"f.geom_3857 && ST_Expand(ST_Transform(ST_Segmentize({envelope}, 100), 3857), 1) "
                + $"AND ST_Intersects(ST_Transform(f.geom, {srid}), {envelope})",
        };
    }

    /// <summary>The attributes as a JSON object in the dataset's field order (the source's): jsonb keeps keys sorted by
    /// length, so it is rebuilt as json, which keeps the order it is given. Keys the field list lacks (none, normally)
    /// follow in jsonb order, so nothing stored is ever left out.</summary>
    private static string OrderedProperties(int fieldsParameter) => $$"""
        coalesce((SELECT json_object_agg(p.key, p.value ORDER BY coalesce(n.i, 2147483647), p.key)
                  FROM jsonb_each(f.properties) p LEFT JOIN unnest(${{fieldsParameter}}::text[]) WITH ORDINALITY AS n(name, i) ON n.name = p.key),
                 '{}')::text
        """;

    private static NpgsqlParameter FieldNames(Dataset dataset) => new() { Value = dataset.Fields.Select(f => f.Name).ToArray() };

    private static NpgsqlParameter Double(double value) => new() { Value = value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Double };
}
