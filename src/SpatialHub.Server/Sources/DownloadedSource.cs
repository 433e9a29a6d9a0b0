namespace SpatialHub.Server.Sources;

/// <summary>A source fetched to a private temporary file, deleted on dispose: a plain download as it came, or a
/// service's pages stitched into one GeoJSON FeatureCollection (one feature per line, so a line number is a
/// feature's position in the service's order).</summary>
/// <param name="Path">The file to import.</param>
/// <param name="FileName">The name issues show and whose extension gives the format.</param>
/// <param name="Sha256">Hex SHA-256 of the file: an unchanged source is recognised by it when the server gives no validators.</param>
public sealed record DownloadedSource(string Path, string FileName, string Sha256, int Pages, long Features) : IDisposable
{
    public string? ETag { get; init; }

    public DateTimeOffset? LastModified { get; init; }

    public void Dispose()
    {
        try
        {
            Directory.Delete(System.IO.Path.GetDirectoryName(Path)!, recursive: true);
        }
        catch (IOException)
        {
            // Already gone, or the temporary folder is cleaned by the system.
        }
    }
}

/// <summary>How far a download got: pages and features so far, and the total when the service said it.</summary>
public readonly record struct DownloadProgress(int Pages, long Features, long? Expected);

/// <summary>A source that could not be fetched: not allowed, refused by the server, over a bound, or not readable
/// as the service it claims to be. The message names the URL and the reason.</summary>
public sealed class SourceFetchException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>The validators of a previous fetch, for a conditional GET of a plain file.</summary>
public sealed record SourceValidators(string? ETag, DateTimeOffset? LastModified);
