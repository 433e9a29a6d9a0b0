using SpatialHub.PostGis;
using System.CommandLine;
using System.Globalization;
using SpatialHub.Core.Publishing;
using SpatialHub.PostGis.Publishing;
using SpatialHub.Server.Publishing;

namespace SpatialHub.Server.Cli;

/// <summary><c>spatialhub audit</c>: the audit trail, newest first, with the filters of <c>GET /api/audit</c>.</summary>
internal static class AuditCommand
{
    private static readonly Option<string?> Dataset = new("--dataset", "-d") { Description = "Only this dataset" };
    private static readonly Option<string?> Actor = new("--actor") { Description = "Only this publisher, admin, or cli:<user>" };
    private static readonly Option<string?> Action = new("--action") { Description = "Only this action (import, delete, metadata, publish, ...)" };
    private static readonly Option<string?> Since = new("--since") { Description = "From this ISO 8601 time (2026-11-29 or 2026-11-29T08:00:00Z)" };
    private static readonly Option<string?> Until = new("--until") { Description = "Before this ISO 8601 time" };
    private static readonly Option<int> Limit = new("--limit") { Description = $"At most this many records (1 to {AuditFilter.MaxLimit})", DefaultValueFactory = _ => AuditFilter.DefaultLimit };

    public static Command Create()
    {
        var command = new Command("audit", "List the audit trail of writes, newest first") { Dataset, Actor, Action, Since, Until, Limit };
        CliHost.AddOptionsTo(command);
        command.SetAction((parse, cancellationToken) => CliHost.RunAsync(parse, async host =>
        {
            var limit = parse.GetValue(Limit);
            if (limit is < 1 or > AuditFilter.MaxLimit)
            {
                throw new CliInputException($"--limit must be from 1 to {AuditFilter.MaxLimit}.");
            }
            var filter = new AuditFilter(parse.GetValue(Dataset), parse.GetValue(Actor), parse.GetValue(Action),
                PublishEndpoints.Time("since", parse.GetValue(Since)), PublishEndpoints.Time("until", parse.GetValue(Until)), limit);
            var database = await host.DatabaseAsync(cancellationToken);
            // Tab-separated, one record a line: audit trails are read with grep, cut and spreadsheets, and a table
            // squeezed to a terminal's width would cut the values.
            Console.Out.WriteLine("time\tactor\taction\tdataset\tversion\trows\tfile\tsha256\tclient\toutcome\tdetail");
            foreach (var e in await database.Audit().ListAsync(filter, cancellationToken))
            {
                Console.Out.WriteLine(string.Join('\t', new[]
                {
                    e.At?.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture), e.Actor, e.Action, e.DatasetId,
                    e.Version?.ToString(CultureInfo.InvariantCulture), e.Rows?.ToString(CultureInfo.InvariantCulture), e.FileName,
                    e.FileSha256, e.Client, e.Outcome, e.Detail,
                }.Select(v => (v ?? "").ReplaceLineEndings(" ").Replace('\t', ' '))));
            }
            return 0;
        }));
        return command;
    }
}
