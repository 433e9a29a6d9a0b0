using SpatialHub.Server.Tests.Infrastructure;

namespace SpatialHub.Server.Tests.Cli;

/// <summary>Every verb answers a failure with one line on stderr and the exit code README documents.</summary>
[Trait("Category", "Integration")]
public sealed class CliExitCodeTests
{
    [Fact]
    public async Task A_missing_file_is_bad_input_exit_2()
    {
        var result = await SpatialHubCliProcess.RunAsync(["import", "/nonexistent/file.csv", "--dataset", "x", "--connection", "Host=127.0.0.1"]);

        result.ExitCode.ShouldBe(2, result.Error);
        result.Error.Trim().ShouldBe("error: No such file or folder: /nonexistent/file.csv");
    }

    [Fact]
    public async Task Configuration_the_server_would_refuse_stops_a_verb_with_exit_3_naming_the_key()
    {
        var result = await SpatialHubCliProcess.RunAsync(["datasets", "--connection", "Host=127.0.0.1"],
            environment: new Dictionary<string, string> { ["SpatialHub__MaxPoolSize"] = "0" });

        result.ExitCode.ShouldBe(3, result.Error);
        result.Error.ShouldContain("SpatialHub:MaxPoolSize must be between 1 and 1000.");
        result.Error.ShouldNotContain("   at ");
    }

    [Fact]
    public async Task Tile_options_are_validated_as_serve_validates_them()
    {
        var result = await SpatialHubCliProcess.RunAsync(["tiles", "sql", "--layers", "x", "--tile", "1/0/0", "--connection", "Host=127.0.0.1"],
            environment: new Dictionary<string, string> { ["SpatialHub__Tiles__ClusterGrid"] = "3" });

        result.ExitCode.ShouldBe(3, result.Error);
        result.Error.ShouldContain("ClusterGrid");
    }

    [Fact]
    public async Task A_database_that_does_not_answer_is_exit_4_without_a_stack_trace()
    {
        var result = await SpatialHubCliProcess.RunAsync(["datasets", "--connection", "Host=127.0.0.1;Port=1;Username=x;Password=y;Timeout=2"]);

        result.ExitCode.ShouldBe(4, result.Error);
        result.Error.ShouldStartWith("error: ");
        result.Error.ShouldNotContain("   at ");
        result.Error.ShouldNotContain("Password");
    }
}
