using SpatialHub.PostGis;
using System.CommandLine;
using System.Globalization;
using SpatialHub.Core.Publishing;
using SpatialHub.PostGis.Publishing;
using Spectre.Console;

namespace SpatialHub.Server.Cli;

/// <summary><c>spatialhub publishers add|list|revoke|rotate</c>: keys per publisher, scoped to dataset patterns.
/// A new key is printed once, on standard output alone (so that it can be piped into a secret store); only its hash
/// is kept. Every change is recorded in the audit trail as <c>cli:&lt;OS user&gt;</c>.</summary>
internal static class PublishersCommand
{
    private static readonly Argument<string> Name = new("name") { Description = "Publisher name (a-z, 0-9, '-', '_'), e.g. lcsd" };
    private static readonly Option<string> Datasets = new("--datasets") { Description = "Comma-separated dataset ids or prefixes ending in * (lcsd-*)", Required = true };
    private static readonly Option<string> Overlap = new("--overlap")
    {
        Description = "How long the old keys keep working after a rotation (e.g. 24h, 30m, 7d, 0)", DefaultValueFactory = _ => "24h",
    };

    public static Command Create()
    {
        var add = new Command("add", "Add a publisher and print its key (shown once)") { Name, Datasets };
        add.SetAction((parse, token) => Run(parse, async (store, audit) =>
        {
            var name = PublisherScope.ValidateName(parse.GetValue(Name));
            var key = await store.AddAsync(name, PublisherScope.Parse(parse.GetValue(Datasets)!), token);
            await audit.WriteAsync(Entry(AuditActions.PublisherAdd, $"{name}: {parse.GetValue(Datasets)}"), token);
            PrintKey(key, name);
        }));
        var rotate = new Command("rotate", "Print a new key; the old ones keep working for --overlap") { Name, Overlap };
        rotate.SetAction((parse, token) => Run(parse, async (store, audit) =>
        {
            var name = parse.GetValue(Name)!;
            var overlap = ParseDuration(parse.GetValue(Overlap)!);
            var key = await store.RotateAsync(name, overlap, token);
            await audit.WriteAsync(Entry(AuditActions.PublisherRotate, $"{name}: old keys end after {overlap}"), token);
            PrintKey(key, name);
        }));
        var revoke = new Command("revoke", "Stop every key of a publisher at once") { Name };
        revoke.SetAction((parse, token) => Run(parse, async (store, audit) =>
        {
            var name = parse.GetValue(Name)!;
            await store.RevokeAsync(name, token);
            await audit.WriteAsync(Entry(AuditActions.PublisherRevoke, name), token);
            Console.Error.WriteLine($"Revoked every key of {name}.");
        }));
        var list = new Command("list", "List publishers, their dataset patterns and live keys");
        list.SetAction((parse, token) => Run(parse, async (store, _) =>
        {
            var table = new Table().AddColumns("name", "datasets", "live keys", "next key expiry (UTC)", "created (UTC)", "revoked (UTC)");
            foreach (var p in await store.ListAsync(token))
            {
                table.AddRow(Markup.Escape(p.Name), Markup.Escape(string.Join(", ", p.Patterns)), p.LiveKeys.ToString(CultureInfo.InvariantCulture),
                    Time(p.OldestKeyExpires), Time(p.CreatedAt), Time(p.RevokedAt));
            }
            AnsiConsole.Write(table);
        }));
        var command = new Command("publishers", "Publisher keys: each may write only the datasets matching its patterns") { add, list, revoke, rotate };
        foreach (var verb in command.Subcommands)
        {
            CliHost.AddOptionsTo(verb);
        }
        return command;
    }

    private static Task<int> Run(ParseResult parse, Func<PublisherStore, AuditLog, Task> action) => CliHost.RunAsync(parse, async host =>
    {
        var database = await host.DatabaseAsync(CancellationToken.None);
        await action(database.Publishers(), database.Audit());
        return 0;
    });

    private static AuditEntry Entry(string action, string detail) =>
        new(ImportPublishingOptions.Actor, action, Client: "local", Detail: detail);

    private static void PrintKey(string key, string name)
    {
        Console.Error.WriteLine($"New key for {name} (shown once; SpatialHub keeps only its hash). Send it in the X-Api-Key header:");
        Console.Out.WriteLine(key);
    }

    private static string Time(DateTimeOffset? time) => time?.UtcDateTime.ToString("u", CultureInfo.InvariantCulture) ?? "";

    /// <summary><c>0</c>, or a number followed by s, m, h or d.</summary>
    internal static TimeSpan ParseDuration(string text)
    {
        if (text == "0")
        {
            return TimeSpan.Zero;
        }
        if (text.Length >= 2 && int.TryParse(text.AsSpan(0, text.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n <= 365 * 24 * 3600)
        {
            switch (text[^1])
            {
                case 's': return TimeSpan.FromSeconds(n);
                case 'm': return TimeSpan.FromMinutes(n);
                case 'h': return TimeSpan.FromHours(n);
                case 'd' when n <= 365: return TimeSpan.FromDays(n);
            }
        }
        throw new CliInputException($"--overlap must be 0 or a number followed by s, m, h or d (e.g. 24h), not '{text}'.");
    }
}
