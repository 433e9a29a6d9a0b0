using System.CommandLine;
using SpatialHub.Core.Publishing;
using SpatialHub.PostGis.Publishing;

namespace SpatialHub.Server.Cli;

/// <summary>The metadata and published flag <c>spatialhub import</c> sets with the new version (issue 22).</summary>
internal static class ImportPublishingOptions
{
    private static readonly Option<string?> Description = new("--description") { Description = "What the dataset is (shown in the catalog, OGC API and the map)" };
    private static readonly Option<string?> Licence = new("--licence", "--license") { Description = $"SPDX licence id or terms URL (e.g. CC-BY-4.0, {DatasetMetadata.DataGovHkTerms})" };
    private static readonly Option<string?> SourceUrl = new("--source-url") { Description = "Where the data comes from (http/https)" };
    private static readonly Option<string?> Department = new("--department") { Description = "Department responsible for the data" };
    private static readonly Option<string?> Keywords = new("--keywords") { Description = "Comma-separated keywords" };
    private static readonly Option<string?> UpdateFrequency = new("--update-frequency") { Description = $"One of {string.Join(", ", DatasetMetadata.Frequencies)}" };
    private static readonly Option<string?> Contact = new("--contact") { Description = "Whom to ask about the data" };
    private static readonly Option<bool?> Published = new("--published") { Description = "true (default for a new dataset) or false: hidden from every reader without a key" };

    public static void AddTo(Command command)
    {
        foreach (var option in new Option[] { Description, Licence, SourceUrl, Department, Keywords, UpdateFrequency, Contact, Published })
        {
            command.Options.Add(option);
        }
    }

    /// <summary>The edit to import with; throws <see cref="InvalidMetadataException"/> before anything is read.</summary>
    public static DatasetPublishing.Edit EditFrom(ParseResult parse)
    {
        var metadata = new DatasetMetadata(parse.GetValue(Description), parse.GetValue(Licence), parse.GetValue(SourceUrl),
            parse.GetValue(Department), DatasetMetadata.SplitKeywords(parse.GetValue(Keywords)), parse.GetValue(UpdateFrequency), parse.GetValue(Contact));
        return new DatasetPublishing.Edit(metadata == new DatasetMetadata() ? null : metadata.Validate(), parse.GetValue(Published));
    }

    /// <summary>Who runs the command line, for the audit trail and version history.</summary>
    public static string Actor => $"cli:{Environment.UserName}";
}
