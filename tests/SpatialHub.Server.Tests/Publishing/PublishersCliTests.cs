using Shouldly;
using SpatialHub.Server.Tests.Infrastructure;
using Xunit;

namespace SpatialHub.Server.Tests.Publishing;

/// <summary><c>spatialhub publishers</c> and <c>spatialhub audit</c> as an operator runs them.</summary>
[Trait("Category", "Integration")]
public sealed class PublishersCliTests
{
    [Fact]
    public async Task Add_prints_the_key_once_list_never_shows_it_and_the_audit_names_the_os_user()
    {
        var connection = await TestCluster.CreateDatabaseAsync();
        var add = await SpatialHubCliProcess.RunAsync(["publishers", "add", "pland", "--datasets", "pland-*", "--connection", connection]);
        add.ExitCode.ShouldBe(0, add.Error);
        var key = add.Output.Trim();
        key.ShouldStartWith("shp_");
        key.Length.ShouldBe(4 + 43); // 256 bits in base64url

        var list = await SpatialHubCliProcess.RunAsync(["publishers", "list", "--connection", connection]);
        list.ExitCode.ShouldBe(0, list.Error);
        list.Output.ShouldContain("pland-*");
        list.Output.ShouldNotContain(key[4..12]);

        var again = await SpatialHubCliProcess.RunAsync(["publishers", "add", "pland", "--datasets", "pland-*", "--connection", connection]);
        again.ExitCode.ShouldBe(2);
        again.Error.ShouldContain("exists already");
        var badPattern = await SpatialHubCliProcess.RunAsync(["publishers", "add", "x", "--datasets", "../etc", "--connection", connection]);
        badPattern.ExitCode.ShouldBe(2);
        var badLicence = await SpatialHubCliProcess.RunAsync(
            ["import", Path.Combine(RepositoryPaths.DataSamples, "it-sites-hk1980.csv"), "-d", "it", "--licence", "not a licence!", "--connection", connection]);
        badLicence.ExitCode.ShouldBe(2);
        badLicence.Error.ShouldContain("licence must be an SPDX licence id");

        var audit = await SpatialHubCliProcess.RunAsync(["audit", "--action", "publisher-add", "--connection", connection]);
        audit.ExitCode.ShouldBe(0, audit.Error);
        audit.Output.ShouldContain($"cli:{Environment.UserName}");
        audit.Output.ShouldContain("pland");
        audit.Output.ShouldNotContain(key[4..12]);
    }
}
