using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;

namespace SpatialHub.Server.Hosting;

/// <summary>Listens to this host's SpatialHub meters and to Npgsql's, aggregates what they record, and writes the
/// totals in the Prometheus text exposition format (version 0.0.4).</summary>
public sealed class PrometheusMetrics : IDisposable
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";
    private static readonly double[] Buckets = [1, 2.5, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000];

    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<(Instrument Instrument, string Labels), Series> _series = new();

    public PrometheusMetrics(IMeterFactory meters)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            var ours = instrument.Meter.Name.StartsWith("SpatialHub", StringComparison.Ordinal) && ReferenceEquals(instrument.Meter.Scope, meters);
            if (ours || instrument.Meter.Name == "Npgsql")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((i, value, tags, _) => Record(i, value, tags));
        _listener.SetMeasurementEventCallback<int>((i, value, tags, _) => Record(i, value, tags));
        _listener.SetMeasurementEventCallback<double>((i, value, tags, _) => Record(i, value, tags));
        _listener.Start();
    }

    private sealed class Series
    {
        public double Sum;
        public long Count;
        public double Last;
        public readonly long[] Buckets = new long[PrometheusMetrics.Buckets.Length];
    }

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var series = _series.GetOrAdd((instrument, Labels(tags)), _ => new Series());
        lock (series)
        {
            series.Sum += value;
            series.Count++;
            series.Last = value;
            for (var i = 0; i < Buckets.Length; i++)
            {
                if (value <= Buckets[i])
                {
                    series.Buckets[i]++;
                }
            }
        }
    }

    public string Render()
    {
        // Observable instruments (Npgsql's pool gauges) report only when asked; their last value is their state.
        foreach (var key in _series.Keys.Where(k => IsObservable(k.Instrument)))
        {
            if (_series.TryGetValue(key, out var stale))
            {
                lock (stale) { stale.Sum = 0; }
            }
        }
        _listener.RecordObservableInstruments();
        var text = new StringBuilder();
        foreach (var group in _series.GroupBy(s => s.Key.Instrument).OrderBy(g => g.Key.Meter.Name).ThenBy(g => g.Key.Name, StringComparer.Ordinal))
        {
            var instrument = group.Key;
            var name = Name(instrument);
            var (type, suffix) = instrument switch
            {
                Histogram<double> or Histogram<long> or Histogram<int> => ("histogram", ""),
                Counter<long> or Counter<int> or Counter<double> => ("counter", "_total"),
                ObservableCounter<long> or ObservableCounter<int> or ObservableCounter<double> => ("counter", "_total"),
                _ => ("gauge", ""),
            };
            text.Append(CultureInfo.InvariantCulture, $"# HELP {name}{suffix} {instrument.Description ?? instrument.Name}\n");
            text.Append(CultureInfo.InvariantCulture, $"# TYPE {name}{suffix} {type}\n");
            foreach (var ((_, labels), series) in group.OrderBy(s => s.Key.Labels, StringComparer.Ordinal))
            {
                lock (series)
                {
                    if (type == "histogram")
                    {
                        for (var i = 0; i < Buckets.Length; i++)
                        {
                            text.Append(CultureInfo.InvariantCulture, $"{name}_bucket{{{Join(labels, $"le=\"{Buckets[i]}\"")}}} {series.Buckets[i]}\n");
                        }
                        text.Append(CultureInfo.InvariantCulture, $"{name}_bucket{{{Join(labels, "le=\"+Inf\"")}}} {series.Count}\n");
                        text.Append(CultureInfo.InvariantCulture, $"{name}_sum{Braces(labels)} {series.Sum}\n");
                        text.Append(CultureInfo.InvariantCulture, $"{name}_count{Braces(labels)} {series.Count}\n");
                    }
                    else
                    {
                        // Counters and up-down counters add deltas; observables were reset above and re-reported.
                        text.Append(CultureInfo.InvariantCulture, $"{name}{suffix}{Braces(labels)} {series.Sum}\n");
                    }
                }
            }
        }
        return text.ToString();
    }

    private static bool IsObservable(Instrument instrument) => instrument.IsObservable;

    private static string Name(Instrument instrument)
    {
        var name = new StringBuilder();
        foreach (var c in instrument.Name)
        {
            name.Append(char.IsAsciiLetterOrDigit(c) ? c : '_');
        }
        if (instrument.Unit is "ms")
        {
            name.Append("_milliseconds");
        }
        else if (instrument.Unit is "By")
        {
            name.Append("_bytes");
        }
        return name.ToString();
    }

    private static string Labels(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (tags.IsEmpty)
        {
            return "";
        }
        var parts = new List<string>(tags.Length);
        foreach (var (key, value) in tags)
        {
            var label = new string(key.Select(c => char.IsAsciiLetterOrDigit(c) ? c : '_').ToArray());
            var text = Convert.ToString(value, CultureInfo.InvariantCulture) ?? "";
            parts.Add($"{label}=\"{text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal)}\"");
        }
        parts.Sort(StringComparer.Ordinal);
        return string.Join(',', parts);
    }

    private static string Join(string labels, string extra) => labels.Length == 0 ? extra : $"{labels},{extra}";

    private static string Braces(string labels) => labels.Length == 0 ? "" : $"{{{labels}}}";

    public void Dispose() => _listener.Dispose();
}
