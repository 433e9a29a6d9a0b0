using SpatialHub.Core.Publishing;
using SpatialHub.PostGis.Publishing;
using SpatialHub.Server.Hosting;

namespace SpatialHub.Server.Publishing;

/// <summary>The publishing options of an import (<c>PUT /api/datasets/{id}</c>), as query parameters: the metadata
/// to set with the new version, the published flag, and <c>dryRun=true</c> for the validation report alone.</summary>
public sealed record PublishingParameters(
    string? Description, string? Licence, string? SourceUrl, string? Department, string? Keywords, string? UpdateFrequency,
    string? Contact, string? Published, string? DryRun)
{
    public bool IsDryRun => Flag("dryRun", DryRun) ?? false;

    /// <summary>The edit to apply with the import; throws 400-mapped exceptions for bad values before the upload is read.</summary>
    public DatasetPublishing.Edit ToEdit()
    {
        var given = new[] { Description, Licence, SourceUrl, Department, Keywords, UpdateFrequency, Contact }.Any(v => v is not null);
        var metadata = given
            ? new DatasetMetadata(Description, Licence, SourceUrl, Department, DatasetMetadata.SplitKeywords(Keywords), UpdateFrequency, Contact).Validate()
            : null;
        return new DatasetPublishing.Edit(metadata, Flag("published", Published));
    }

    private static bool? Flag(string name, string? value) => value?.ToLowerInvariant() switch
    {
        null => null,
        "true" or "1" or "yes" => true,
        "false" or "0" or "no" => false,
        _ => throw new RequestValidationException($"Invalid {name}", $"{name} must be true or false."),
    };
}
