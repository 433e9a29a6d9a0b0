using Microsoft.Net.Http.Headers;
using SpatialHub.Core.Catalog;
using SpatialHub.PostGis.Features;
using SpatialHub.Server.Features;
using SpatialHub.Server.Hosting;

namespace SpatialHub.Server.Exports;

/// <summary>
/// The file exports of <c>/collections/{id}/items</c>: <c>f=gpkg</c> (GeoPackage), <c>f=shp</c> (zipped Shapefile) and
/// <c>f=kml</c>, of the same selection as CSV (bbox, within, filters; every feature unless limit is given), in WGS84 or,
/// for GeoPackage and Shapefile, the HK1980 Grid (<c>crs=http://www.opengis.net/def/crs/EPSG/0/2326</c>). They are
/// bounded as CSV is: an expensive read of the client's budget, and the database's statement timeout. GeoPackage and
/// Shapefile are built in a temporary folder (a file format with an index or header written last) and deleted after.
/// </summary>
internal static class FeatureExport
{
    public static string[] ContentTypes { get; } = [GeoPackageType, ZipType, KmlType];

    private const string GeoPackageType = "application/geopackage+sqlite3";
    private const string ZipType = "application/zip";
    private const string KmlType = "application/vnd.google-earth.kml+xml";

    public static bool IsFile(ItemsFormat format) => format is ItemsFormat.GeoPackage or ItemsFormat.Shapefile or ItemsFormat.Kml;

    public static async Task WriteAsync(HttpContext context, Dataset dataset, ItemsParameters parameters, FeatureFilter filter, FeatureQuery features)
    {
        var cancellationToken = context.RequestAborted;
        var srid = Srid(parameters);
        // Grid metres to a tenth of a millimetre; degrees to 1e-9 (about 0.1 mm).
        var rows = features.PageAsync(dataset, filter, parameters.Limit ?? int.MaxValue, parameters.Offset,
            new FeatureCrs(srid, LatitudeFirst: false, Decimals: srid == 2326 ? 4 : 9), cancellationToken);
        var reader = new ExportFeatureReader(dataset.Fields, srid);
        var response = context.Response;
        if (parameters.Format == ItemsFormat.Kml)
        {
            response.ContentType = KmlType;
            response.Headers.ContentDisposition = Attachment($"{dataset.Id}.kml");
            await KmlExport.WriteAsync(response.Body, dataset, reader.ReadAsync(rows), cancellationToken);
            return;
        }
        var folder = Directory.CreateTempSubdirectory("spatialhub-export-");
        try
        {
            string file;
            if (parameters.Format == ItemsFormat.GeoPackage)
            {
                file = Path.Combine(folder.FullName, $"{dataset.Id}.gpkg");
                await GeoPackageExport.WriteAsync(file, dataset, srid, reader.ReadAsync(rows), cancellationToken);
                response.ContentType = GeoPackageType;
            }
            else
            {
                var parts = folder.CreateSubdirectory("shp");
                file = Path.Combine(folder.FullName, $"{dataset.Id}.zip");
                await ShapefileExport.WriteZipAsync(parts.FullName, file, dataset, srid, rows, reader, cancellationToken);
                response.ContentType = ZipType;
            }
            response.Headers.ContentDisposition = Attachment(Path.GetFileName(file));
            response.Headers[OgcApi.ContentCrs] = $"<{(srid == 2326 ? OgcCrs.Epsg2326 : OgcCrs.Crs84)}>";
            response.ContentLength = new FileInfo(file).Length;
            await using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, useAsync: true);
            await stream.CopyToAsync(response.Body, cancellationToken);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    /// <summary>WGS84 (CRS84, or EPSG:4326: files store longitude first either way) or the HK1980 Grid; KML only WGS84.</summary>
    private static int Srid(ItemsParameters parameters) => parameters.CrsUri switch
    {
        OgcCrs.Crs84 or OgcCrs.Epsg4326 => 4326,
        OgcCrs.Epsg2326 when parameters.Format == ItemsFormat.Kml => throw ItemsParameters.Invalid("Invalid crs",
            "KML is always WGS84 longitude/latitude (OGC KML 2.2 has no other CRS); export GeoPackage (f=gpkg) or Shapefile (f=shp) for HK1980 Grid coordinates."),
        OgcCrs.Epsg2326 => 2326,
        _ => throw ItemsParameters.Invalid("Invalid crs",
            $"Exports are in WGS84 ({OgcCrs.Crs84}) or the HK1980 Grid ({OgcCrs.Epsg2326}), not {ItemsParameters.Truncate(parameters.CrsUri)}."),
    };

    private static string Attachment(string fileName) => new ContentDispositionHeaderValue("attachment") { FileName = fileName }.ToString();
}
