using Npgsql;
using Shouldly;
using SpatialHub.PostGis.Embedded;
using SpatialHub.Server.Tests.Infrastructure;

namespace SpatialHub.PostGis.Tests.Embedded;

[Trait("Category", "Integration")]
public sealed class EmbeddedClusterTests
{
    [Fact]
    public async Task A_test_database_has_postgis_and_the_catalog_schema()
    {
        await using var dataSource = NpgsqlDataSource.Create(await TestCluster.CreateDatabaseAsync());
        await using var command = dataSource.CreateCommand(
            "SELECT postgis_lib_version(), (SELECT count(*) FROM spatialhub.schema_migrations), (SELECT count(*) FROM spatialhub.datasets)");
        await using var reader = await command.ExecuteReaderAsync();
        (await reader.ReadAsync()).ShouldBeTrue();
        reader.GetString(0).ShouldStartWith("3.");
        reader.GetInt64(1).ShouldBeGreaterThan(0);
        reader.GetInt64(2).ShouldBe(0);
    }

    [Fact]
    public async Task Two_users_of_one_data_directory_share_one_cluster_and_the_last_one_out_stops_it()
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), $"spatialhub-tests-share-{Guid.NewGuid():N}");
        var options = new EmbeddedClusterOptions { DataDirectory = dataDirectory, Durable = false };
        var first = await EmbeddedCluster.StartAsync(options);
        var second = await EmbeddedCluster.StartAsync(options);
        try
        {
            second.ConnectionString.ShouldBe(first.ConnectionString);
            await first.DisposeAsync();
            (await ClusterProbe.CanConnectAsync(second.ConnectionString)).ShouldBeTrue("the cluster must keep running while a user remains");
            await second.DisposeAsync();
            (await ClusterProbe.CanConnectAsync(second.ConnectionString)).ShouldBeFalse("the last user out stops the cluster it started");
        }
        finally
        {
            await EmbeddedCluster.DestroyAsync(options);
        }
    }

    [Fact]
    public async Task Missing_postgis_is_reported_with_the_debian_package_to_install()
    {
        var options = new EmbeddedClusterOptions
        {
            DataDirectory = Path.Combine(Path.GetTempPath(), $"spatialhub-missing-{Guid.NewGuid():N}"),
            ExtensionDirectory = "/nonexistent/extension",
        };
        var error = await Should.ThrowAsync<EmbeddedClusterException>(() => EmbeddedCluster.StartAsync(options));
        error.Message.ShouldContain("postgresql-15-postgis-3");
    }
}
