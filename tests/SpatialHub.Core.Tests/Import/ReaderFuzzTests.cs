using System.Diagnostics;
using SpatialHub.Core.Import;

namespace SpatialHub.Core.Tests.Import;

/// <summary>
/// A bounded fuzz run: the real sample files, mutated with a fixed seed (bytes flipped, inserted, deleted, chunks
/// duplicated, truncated), go through the readers and the preparer. Every outcome must be features or clean issues:
/// no exception, no hang. The seed and count are fixed so a failure reproduces; FUZZ_ITERATIONS raises the count.
/// </summary>
[Trait("Category", "Unit")]
public sealed class ReaderFuzzTests
{
    private static readonly int Iterations = int.TryParse(Environment.GetEnvironmentVariable("FUZZ_ITERATIONS"), out var n) ? n : 250;
    private static readonly TimeSpan PerInputLimit = TimeSpan.FromSeconds(5);

    [Theory]
    [InlineData("wifi-hk-fixed-locations-2023.csv", 24_000, 1)]
    [InlineData("it-sites-hk1980.csv", 5_000, 2)]
    [InlineData("hko-smart-lampposts.geojson", 8_000, 3)]
    [InlineData("hk-18-districts-2001-hk1980.geojson", 40_000, 4)]
    public void Mutated_sample_files_give_features_or_clean_issues_never_exceptions(string fileName, int prefixBytes, int seed)
    {
        var original = File.ReadAllBytes(SampleData.PathOf(fileName));
        var sample = original.AsSpan(0, Math.Min(prefixBytes, original.Length)).ToArray();
        var random = new Random(seed);

        for (var i = 0; i < Iterations; i++)
        {
            var mutated = Mutate(sample, random);
            var outcome = Run(fileName, mutated);
            outcome.ShouldBeNull($"iteration {i} (seed {seed}) of {fileName}: {outcome}");
        }
    }

    private static string? Run(string fileName, byte[] input)
    {
        var task = Task.Run(() =>
        {
            using var stream = new MemoryStream(input);
            var reader = FeatureReaders.Open(stream, new ReaderOptions(fileName), format: null);
            foreach (var row in new FeaturePreparer(fileName).Prepare(reader))
            {
                if (row.Issue is { } issue && (issue.File != fileName || issue.Line < 1 || string.IsNullOrWhiteSpace(issue.Reason)))
                {
                    return $"an issue without a proper place or reason: {issue}";
                }
            }
            return null;
        });
        try
        {
            return task.Wait(PerInputLimit) ? task.Result : $"no answer within {PerInputLimit.TotalSeconds} s (hang)";
        }
        catch (AggregateException e)
        {
            return $"exception {e.InnerException}";
        }
    }

    private static byte[] Mutate(byte[] sample, Random random)
    {
        var bytes = new List<byte>(sample);
        var mutations = random.Next(1, 6);
        for (var m = 0; m < mutations && bytes.Count > 0; m++)
        {
            var at = random.Next(bytes.Count);
            switch (random.Next(6))
            {
                case 0:
                    bytes[at] = (byte)random.Next(256);
                    break;
                case 1:
                    bytes.Insert(at, Interesting[random.Next(Interesting.Length)]);
                    break;
                case 2:
                    bytes.RemoveRange(at, Math.Min(bytes.Count - at, random.Next(1, 64)));
                    break;
                case 3:
                    var length = Math.Min(bytes.Count - at, random.Next(1, 256));
                    bytes.InsertRange(random.Next(bytes.Count), bytes.GetRange(at, length));
                    break;
                case 4:
                    bytes.RemoveRange(at, bytes.Count - at);
                    break;
                default:
                    bytes[at] ^= (byte)(1 << random.Next(8));
                    break;
            }
        }
        return [.. bytes];
    }

    // Bytes that matter to the formats: quotes, separators, line ends, brackets, NUL, RS, minus, dot, exponent.
    private static readonly byte[] Interesting = "\",;\t\r\n{}[]:-.eE0\u001e"u8.ToArray().Append((byte)0).Append((byte)0xFF).ToArray();
}
