using System.CommandLine;
using System.Globalization;
using SpatialHub.Core.Publishing;
using SpatialHub.PostGis.Publishing;
using SpatialHub.Server.Publishing;
using Spectre.Console;

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
            var table = new Table().AddColumns("time (UTC)", "actor", "action", "dataset", "version", "rows", "file", "sha-256", "client", "outcome", "detail");
            foreach (var e in await new AuditLog(database.DataSource).ListAsync(filter, cancellationToken))
            {
                table.AddRow(e.At?.UtcDateTime.ToString("u", CultureInfo.InvariantCulture) ?? "", Markup.Escape(e.Actor), e.Action, Markup.Escape(e.DatasetId ?? ""),
                    e.Version?.ToString(CultureInfo.InvariantCulture) ?? "", e.Rows?.ToString(CultureInfo.InvariantCulture) ?? "",
                    Markup.Escape(e.FileName ?? ""), e.FileSha256?[..12] ?? "", Markup.Escape(e.Client ?? ""), e.Outcome, Markup.Escape(e.Detail ?? ""));
            }
            AnsiConsole.Write(table);
            return 0;
        }));
        return command;
    }
}
