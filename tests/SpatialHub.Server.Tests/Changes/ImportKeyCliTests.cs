using SpatialHub.Server.Tests.Infrastructure;

namespace SpatialHub.Server.Tests.Changes;

/// <summary><c>spatialhub import --key</c>: the key and "cli:&lt;user&gt;" land in the version history, and
/// SpatialHub:Versions:Keep from the environment bounds what the CLI's imports keep.</summary>
[Trait("Category", "Integration")]
public sealed class ImportKeyCliTests
{
    [Fact]
    public async Task The_cli_records_its_key_and_user_and_keeps_the_configured_number_of_versions()
    {
        var connection = await TestCluster.CreateDatabaseAsync();
        var file = RepositoryPaths.Sample("it-sites-hk1980.csv");
        var environment = new Dictionary<string, string> { ["SpatialHub__Versions__Keep"] = "2" };
        for (var i = 0; i < 3; i++)
        {
            var import = await SpatialHubCliProcess.RunAsync(["import", file, "--dataset", "it-sites", "--key", "site_id", "--connection", connection], environment: environment);
            import.ExitCode.ShouldBe(0, import.Error);
        }
        await using var db = TestDatabase.Open(connection);
        (await db.ScalarAsync<string>("SELECT key_field FROM spatialhub.dataset_versions ORDER BY version DESC LIMIT 1")).ShouldBe("site_id");
        (await db.ScalarAsync<string>("SELECT imported_by FROM spatialhub.dataset_versions ORDER BY version DESC LIMIT 1")).ShouldBe($"cli:{Environment.UserName}");
        (await db.ScalarAsync<long>("SELECT count(*) FROM spatialhub.dataset_versions WHERE retained")).ShouldBe(2);
        (await db.FeatureTablesAsync()).Count.ShouldBe(2);

        var refused = await SpatialHubCliProcess.RunAsync(["import", file, "--dataset", "it-sites", "--key", "no_such_field", "--connection", connection]);
        refused.ExitCode.ShouldBe(1);
        refused.Error.ShouldContain("no_such_field");
    }
}
