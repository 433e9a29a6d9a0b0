using Microsoft.Data.Sqlite;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO;
using SpatialHub.Core.Catalog;
using SpatialHub.Core.Projection;

namespace SpatialHub.Server.Exports;

/// <summary>
/// Writes an OGC GeoPackage 1.3 file (SQLite) of one feature table: the required gpkg_spatial_ref_sys, gpkg_contents
/// and gpkg_geometry_columns tables, the features with their geometry as GeoPackage binary (NetTopologySuite's
/// GeoPackageGeoWriter) and one column per dataset field, typed as the catalog types it.
/// </summary>
internal static class GeoPackageExport
{
    private const int ApplicationId = 0x47504B47; // "GPKG"
    private const int UserVersion = 10300;

    public static async Task WriteAsync(string path, Dataset dataset, int srid, IAsyncEnumerable<ExportFeature> features, CancellationToken cancellationToken)
    {
        var connectionString = new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = false }.ToString();
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        var table = dataset.Id;
        // SQLite names are case-insensitive; fid and geom are ours.
        var columns = FieldNames.Unique(dataset.Fields.Select(f => f.Name), int.MaxValue, reserved: ["fid", "geom"]);
        await using (var transaction = connection.BeginTransaction())
        {
            await ExecuteAsync(connection, $"PRAGMA application_id = {ApplicationId}; PRAGMA user_version = {UserVersion};");
            await ExecuteAsync(connection, Schema);
            await ExecuteAsync(connection,
                "INSERT INTO gpkg_spatial_ref_sys VALUES ('Undefined cartesian SRS', -1, 'NONE', -1, 'undefined', NULL), ('Undefined geographic SRS', 0, 'NONE', 0, 'undefined', NULL), ($name, $srid, 'EPSG', $srid, $wkt, NULL)",
                ("$name", CrsRegistry.Get(srid).Name), ("$srid", srid), ("$wkt", CrsRegistry.GetWkt(srid)));
            var definitions = string.Join("", dataset.Fields.Select((f, i) => $", {Quote(columns[i])} {SqlType(f)}"));
            await ExecuteAsync(connection, $"CREATE TABLE {Quote(table)} (fid INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, geom {dataset.GeometryType.ToUpperInvariant()}{definitions})");
            await ExecuteAsync(connection,
                "INSERT INTO gpkg_contents (table_name, data_type, identifier, description, srs_id) VALUES ($table, 'features', $table, $title, $srid)",
                ("$table", table), ("$title", dataset.Title), ("$srid", srid));
            await ExecuteAsync(connection, "INSERT INTO gpkg_geometry_columns VALUES ($table, 'geom', $type, $srid, 0, 0)",
                ("$table", table), ("$type", dataset.GeometryType.ToUpperInvariant()), ("$srid", srid));

            await using var insert = connection.CreateCommand();
            insert.CommandText = $"INSERT INTO {Quote(table)} (fid, geom{string.Join("", columns.Select(c => ", " + Quote(c)))}) VALUES ($fid, $geom{string.Join("", columns.Select((_, i) => $", $v{i}"))})";
            var fid = insert.Parameters.Add("$fid", SqliteType.Integer);
            var geom = insert.Parameters.Add("$geom", SqliteType.Blob);
            var values = columns.Select((_, i) => insert.Parameters.Add($"$v{i}", SqliteType.Text)).ToArray();
            var writer = new GeoPackageGeoWriter { HandleOrdinates = Ordinates.XY };
            var extent = new Envelope();
            await foreach (var feature in features.WithCancellation(cancellationToken))
            {
                fid.Value = feature.FeatureId;
                geom.Value = writer.Write(feature.Geometry);
                for (var i = 0; i < values.Length; i++)
                {
                    values[i].Value = feature.Values[i] is bool b ? (b ? 1 : 0) : feature.Values[i] ?? DBNull.Value;
                    values[i].SqliteType = feature.Values[i] switch { long or bool => SqliteType.Integer, double => SqliteType.Real, _ => SqliteType.Text };
                }
                await insert.ExecuteNonQueryAsync(cancellationToken);
                extent.ExpandToInclude(feature.Geometry.EnvelopeInternal);
            }
            await ExecuteAsync(connection,
                "UPDATE gpkg_contents SET min_x = $minx, min_y = $miny, max_x = $maxx, max_y = $maxy WHERE table_name = $table",
                ("$table", table),
                ("$minx", extent.IsNull ? DBNull.Value : extent.MinX), ("$miny", extent.IsNull ? DBNull.Value : extent.MinY),
                ("$maxx", extent.IsNull ? DBNull.Value : extent.MaxX), ("$maxy", extent.IsNull ? DBNull.Value : extent.MaxY));
            await transaction.CommitAsync(cancellationToken);
        }
    }

    private static string SqlType(DatasetField field) => field.Type switch
    {
        "integer" => "INTEGER",
        "real" => "DOUBLE",
        "boolean" => "BOOLEAN",
        _ => "TEXT",
    };

    private static string Quote(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static async Task ExecuteAsync(SqliteConnection connection, string sql, params (string Name, object Value)[] parameters)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>The tables every GeoPackage has (OGC 12-128r18, clauses 1.1.2 to 1.1.4).</summary>
    private const string Schema = """
        CREATE TABLE gpkg_spatial_ref_sys (srs_name TEXT NOT NULL, srs_id INTEGER NOT NULL PRIMARY KEY, organization TEXT NOT NULL,
            organization_coordsys_id INTEGER NOT NULL, definition TEXT NOT NULL, description TEXT);
        CREATE TABLE gpkg_contents (table_name TEXT NOT NULL PRIMARY KEY, data_type TEXT NOT NULL, identifier TEXT UNIQUE,
            description TEXT DEFAULT '', last_change DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
            min_x DOUBLE, min_y DOUBLE, max_x DOUBLE, max_y DOUBLE, srs_id INTEGER,
            CONSTRAINT fk_gc_r_srs_id FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys(srs_id));
        CREATE TABLE gpkg_geometry_columns (table_name TEXT NOT NULL, column_name TEXT NOT NULL, geometry_type_name TEXT NOT NULL,
            srs_id INTEGER NOT NULL, z TINYINT NOT NULL, m TINYINT NOT NULL,
            CONSTRAINT pk_geom_cols PRIMARY KEY (table_name, column_name),
            CONSTRAINT fk_gc_tn FOREIGN KEY (table_name) REFERENCES gpkg_contents(table_name),
            CONSTRAINT fk_gc_srs FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys (srs_id));
        """;
}
