namespace SpatialHub.Server.Import;

/// <summary>An upload or import refused before anything was written: too big, not what it claims to be, over a
/// configured bound, or arriving while the service is busy. <see cref="Status"/> is its HTTP status.</summary>
public sealed class UploadRefusedException(int status, string title, string message) : Exception(message)
{
    public int Status { get; } = status;
    public string Title { get; } = title;

    public static UploadRefusedException TooLarge(string message) => new(StatusCodes.Status413PayloadTooLarge, "Upload too large", message);

    public static UploadRefusedException WrongFormat(string message) => new(StatusCodes.Status415UnsupportedMediaType, "Unsupported format", message);

    public static UploadRefusedException Unreadable(string message) => new(StatusCodes.Status422UnprocessableEntity, "Import refused", message);

    public static UploadRefusedException Busy(int limit) => new(StatusCodes.Status503ServiceUnavailable, "Too many imports",
        $"{limit} import(s) are already running (SpatialHub:Import:MaxConcurrentImports); retry shortly.");
}
