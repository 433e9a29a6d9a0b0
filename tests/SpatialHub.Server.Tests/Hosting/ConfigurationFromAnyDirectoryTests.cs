using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using SpatialHub.Server.Tests.Infrastructure;

namespace SpatialHub.Server.Tests.Hosting;

/// <summary>The built executable, started from a folder that is not its own (as scripts/run.sh and
/// <c>dotnet spatialhub.dll</c> do), still reads the appsettings.json beside it.</summary>
[Trait("Category", "Integration")]
public sealed partial class ConfigurationFromAnyDirectoryTests : IAsyncLifetime
{
    private readonly string _workingDirectory = Directory.CreateTempSubdirectory("spatialhub-elsewhere-").FullName;
    private string _connectionString = "";

    public async Task InitializeAsync() => _connectionString = await TestCluster.CreateDatabaseAsync();

    public Task DisposeAsync()
    {
        Directory.Delete(_workingDirectory, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Appsettings_beside_the_executable_keeps_requests_out_of_the_log_when_started_elsewhere()
    {
        var output = await ServeAndRequestHealthAsync(() => Task.CompletedTask);

        // Microsoft.Hosting.Lifetime stays at Information (appsettings.json's Default), so logging itself works...
        output.ShouldContain("Microsoft.Hosting.Lifetime");
        // ...while appsettings.json's "Microsoft.AspNetCore": "Warning" silences the per-request lines.
        output.ShouldNotContain("Microsoft.AspNetCore.Hosting.Diagnostics");
        output.ShouldNotContain("Request starting");
        File.Exists(Path.Combine(_workingDirectory, "appsettings.json")).ShouldBeFalse();
    }

    [Fact]
    public async Task The_access_log_is_written_in_w3c_format_under_the_working_directory_when_switched_on()
    {
        var folder = Path.Combine(_workingDirectory, "access-logs");
        // The logger writes its queue once a second: wait for that write before stopping the service.
        var output = await ServeAndRequestHealthAsync(() => WaitForAsync(() => Directory.Exists(folder) && Directory.GetFiles(folder).Length > 0),
            "--SpatialHub:AccessLog:Enabled=true", "--SpatialHub:AccessLog:Directory=access-logs");

        Directory.Exists(folder).ShouldBeTrue(output);
        var files = Directory.GetFiles(folder, "access*.txt");
        files.Length.ShouldBe(1);
        var log = await File.ReadAllTextAsync(files[0]);
        log.ShouldContain("#Fields: date time c-ip cs-method cs-uri-stem cs-uri-query sc-status time-taken cs-version cs-host cs(User-Agent) cs(Referer)");
        HealthLine().IsMatch(log).ShouldBeTrue(log);
    }

    /// <summary>Serves on a free loopback port from the other folder, asks /health, stops with SIGTERM, returns stdout.</summary>
    private async Task<string> ServeAndRequestHealthAsync(Func<Task> beforeStop, params string[] extra)
    {
        using var process = SpatialHubCliProcess.Start(
        [
            "serve", "--urls", "http://127.0.0.1:0", $"--ConnectionStrings:SpatialHub={_connectionString}",
            "--SpatialHub:ImportSamplesWhenEmpty=false", .. extra,
        ], workingDirectory: _workingDirectory);
        var lines = new ConcurrentQueue<string>();
        var address = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }
            lines.Enqueue(e.Data);
            if (Announcement().Match(e.Data) is { Success: true } match)
            {
                address.TrySetResult(new Uri(match.Groups[1].Value));
            }
        };
        process.ErrorDataReceived += (_, e) => lines.Enqueue(e.Data ?? "");
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            var baseAddress = await address.Task.WaitAsync(TimeSpan.FromSeconds(60));
            using var client = new HttpClient { BaseAddress = baseAddress };
            (await client.GetAsync("/health")).StatusCode.ShouldBe(HttpStatusCode.OK);
            await beforeStop();
            using var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            await process.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill();
            }
        }
        process.WaitForExit();
        return string.Join('\n', lines);
    }

    private static async Task WaitForAsync(Func<bool> condition)
    {
        for (var i = 0; i < 100 && !condition(); i++)
        {
            await Task.Delay(100);
        }
    }

    [GeneratedRegex(@"SpatialHub map: (http://127\.0\.0\.1:\d+)/")]
    private static partial Regex Announcement();

    [GeneratedRegex(@"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d 127\.0\.0\.1 GET /health - 200 ", RegexOptions.Multiline)]
    private static partial Regex HealthLine();
}
