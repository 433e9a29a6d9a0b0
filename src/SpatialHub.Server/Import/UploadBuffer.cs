namespace SpatialHub.Server.Import;

/// <summary>Copies an upload to a temporary file: the readers are synchronous and GDAL needs a file, and a file
/// lets the size limit be enforced while copying (chunked bodies have no Content-Length).</summary>
internal static class UploadBuffer
{
    public static async Task<string> SaveAsync(HttpRequest request, long maxBytes, string extension, CancellationToken cancellationToken)
    {
        if (request.ContentLength > maxBytes)
        {
            throw TooLarge(maxBytes);
        }
        // The extension comes from the client's file name: keep it only when it is a plain one (GDAL goes by it).
        var suffix = IsPlainExtension(extension) ? extension : "";
        var path = Path.Combine(Path.GetTempPath(), $"spatialhub-upload-{Guid.NewGuid():N}{suffix}");
        try
        {
            // Readable by the service only: other local users must not read uploads in the shared temp folder.
            await using var file = new FileStream(path, new FileStreamOptions
            {
                Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None, BufferSize = 1 << 16,
                Options = FileOptions.Asynchronous, UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
            });
            var buffer = new byte[1 << 16];
            long total = 0;
            int read;
            while ((read = await request.Body.ReadAsync(buffer, cancellationToken)) > 0)
            {
                total += read;
                if (total > maxBytes)
                {
                    throw TooLarge(maxBytes);
                }
                await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            }
            return path;
        }
        catch
        {
            File.Delete(path);
            throw;
        }
    }

    private static bool IsPlainExtension(string extension) =>
        extension.Length is > 1 and <= 16 && extension[0] == '.' && extension.Skip(1).All(char.IsAsciiLetterOrDigit);

    private static BadHttpRequestException TooLarge(long maxBytes) =>
        new($"The upload is larger than the limit of {maxBytes:N0} bytes (SpatialHub:MaxUploadBytes).", StatusCodes.Status413PayloadTooLarge);
}
