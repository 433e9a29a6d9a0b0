using Microsoft.Extensions.Options;
using SpatialHub.PostGis;

namespace SpatialHub.Server.Hosting;

/// <summary>Refuses to start with read replicas but no external primary, or with a replica connection string that
/// does not parse. Messages name the entry, never its text (it holds a password).</summary>
internal sealed class DatabaseOptionsValidator(IConfiguration configuration) : IValidateOptions<SpatialHubOptions>
{
    public ValidateOptionsResult Validate(string? name, SpatialHubOptions options)
    {
        var problems = new List<string>();
        var reads = DatabaseHost.ReadConnectionStringsFrom(configuration, options);
        if (reads.Count > 0 && string.IsNullOrWhiteSpace(configuration.GetConnectionString(SpatialHubOptions.ConnectionStringName)))
        {
            problems.Add($"ConnectionStrings:{SpatialHubOptions.ReadConnectionStringName} and SpatialHub:ReadConnectionStrings need " +
                $"ConnectionStrings:{SpatialHubOptions.ConnectionStringName} (the primary they replicate); the embedded cluster has no replicas.");
        }
        for (var i = 0; i < reads.Count; i++)
        {
            switch (ConnectionStrings.NamesHost(reads[i]))
            {
                case false:
                    problems.Add($"Read connection string {i + 1} has no Host.");
                    break;
                case null:
                    problems.Add($"Read connection string {i + 1} is not a valid PostgreSQL connection string.");
                    break;
            }
        }
        if (options.ReplicaRestSeconds is < 1 or > 300)
        {
            problems.Add("SpatialHub:ReplicaRestSeconds must be between 1 and 300.");
        }
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
