namespace SpatialHub.Server.Cli;

/// <summary>Recognises a request to serve: no verb (as WebApplicationFactory calls it), <c>serve</c>, or only
/// host options such as <c>--urls</c>. What follows goes to ASP.NET Core's own configuration.</summary>
internal static class ServeArguments
{
    private static readonly HashSet<string> HelpFlags = ["-h", "--help", "-?", "--version"];

    public static bool TryGet(string[] args, out string[] serveArguments)
    {
        serveArguments = args;
        if (args.Length == 0)
        {
            return true;
        }
        if (args[0] == "serve")
        {
            if (args.Skip(1).Any(HelpFlags.Contains))
            {
                return false;
            }
            serveArguments = args[1..];
            return true;
        }
        return args[0].StartsWith('-') && !HelpFlags.Contains(args[0]);
    }
}
