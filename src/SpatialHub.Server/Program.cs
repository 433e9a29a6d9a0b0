using SpatialHub.Server.Cli;
using SpatialHub.Server.Hosting;

if (ServeArguments.TryGet(args, out var serveArguments))
{
    await SpatialHubApp.Build(serveArguments).RunAsync();
    return 0;
}
return await SpatialHubCli.RunAsync(args);

/// <summary>The entry point, public for WebApplicationFactory.</summary>
public partial class Program;
