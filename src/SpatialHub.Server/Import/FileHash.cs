using System.Security.Cryptography;

namespace SpatialHub.Server.Import;

/// <summary>The SHA-256 a source file is known by: in the audit trail, and to tell an unchanged refresh source.</summary>
public static class FileHash
{
    /// <summary>Lower-case hex SHA-256 of the file's bytes, read once, streaming.</summary>
    public static async Task<string> Sha256Async(string path, CancellationToken cancellationToken)
    {
        await using var file = File.OpenRead(path);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(file, cancellationToken));
    }
}
