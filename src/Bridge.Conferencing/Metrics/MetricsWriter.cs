using System.Globalization;
using System.Text;

namespace Bridge.Conferencing.Metrics;

/// <summary>
/// Writes the Prometheus text exposition format (version 0.0.4): per family one <c># HELP</c> and one <c># TYPE</c> line, then
/// its samples, each <c>name{label="value",…} number</c>; label values escaped (\\, \", \n); histograms as cumulative
/// <c>_bucket{le}</c> ending with <c>+Inf</c>, then <c>_sum</c> and <c>_count</c>. A family already written is refused, so
/// samples of one family stay together as the format requires. Not thread-safe: one writer per scrape.
/// </summary>
public sealed class MetricsWriter
{
    private readonly StringBuilder _text = new();
    private readonly HashSet<string> _families = new(StringComparer.Ordinal);
    private string? _current;

    /// <summary>Starts a family; its samples follow. Throws when the name is not a valid metric name or was written before.</summary>
    public MetricsWriter Family(string name, MetricType type, string help)
    {
        ArgumentNullException.ThrowIfNull(help);
        if (!IsValidName(name))
        {
            throw new ArgumentException($"'{name}' is not a Prometheus metric name", nameof(name));
        }

        if (!_families.Add(name))
        {
            throw new InvalidOperationException($"metric family '{name}' was already written");
        }

        _current = name;
        _text.Append("# HELP ").Append(name).Append(' ').Append(help.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal)).Append('\n');
        _text.Append("# TYPE ").Append(name).Append(' ').Append(type switch
        {
            MetricType.Counter => "counter",
            MetricType.Gauge => "gauge",
            _ => "histogram",
        }).Append('\n');
        return this;
    }

    /// <summary>One sample of the current counter or gauge family; labels as name/value pairs.</summary>
    public MetricsWriter Sample(double value, params ReadOnlySpan<(string Name, string Value)> labels) => Line(Current, labels, value, null);

    /// <summary>
    /// The samples of the current histogram family for one label set: <paramref name="upperBounds"/> ascending and
    /// <paramref name="cumulativeCounts"/> (observations ≤ each bound), then the total count and sum.
    /// </summary>
    public MetricsWriter Histogram(ReadOnlySpan<double> upperBounds, ReadOnlySpan<long> cumulativeCounts, long count, double sum, params ReadOnlySpan<(string Name, string Value)> labels)
    {
        if (upperBounds.Length != cumulativeCounts.Length)
        {
            throw new ArgumentException("one count per bound", nameof(cumulativeCounts));
        }

        var name = Current;
        for (var i = 0; i < upperBounds.Length; i++)
        {
            Line(name + "_bucket", labels, cumulativeCounts[i], upperBounds[i]);
        }

        Line(name + "_bucket", labels, count, double.PositiveInfinity);
        Line(name + "_sum", labels, sum, null);
        Line(name + "_count", labels, count, null);
        return this;
    }

    /// <summary>Appends what another writer wrote (a source collected on its own, so a failing one leaves nothing half-written).</summary>
    public void Append(MetricsWriter other)
    {
        ArgumentNullException.ThrowIfNull(other);
        foreach (var family in other._families)
        {
            if (_families.Contains(family))
            {
                throw new InvalidOperationException($"metric family '{family}' was already written");
            }
        }

        _families.UnionWith(other._families);

        _text.Append(other._text);
        _current = null;
    }

    /// <summary>The exposition so far.</summary>
    public override string ToString() => _text.ToString();

    /// <summary>Metric names: [a-zA-Z_:][a-zA-Z0-9_:]*.</summary>
    public static bool IsValidName(string? name) =>
        !string.IsNullOrEmpty(name) && !char.IsAsciiDigit(name[0]) && name.All(static c => char.IsAsciiLetterOrDigit(c) || c is '_' or ':');

    private static bool IsValidLabelName(string name) =>
        name.Length > 0 && !char.IsAsciiDigit(name[0]) && !name.StartsWith("__", StringComparison.Ordinal) && name.All(static c => char.IsAsciiLetterOrDigit(c) || c == '_');

    private static string Number(double value) => value switch
    {
        double.PositiveInfinity => "+Inf",
        double.NegativeInfinity => "-Inf",
        _ when double.IsNaN(value) => "NaN",
        _ => value.ToString("R", CultureInfo.InvariantCulture),
    };

    private string Current => _current ?? throw new InvalidOperationException("call Family first");

    private MetricsWriter Line(string name, ReadOnlySpan<(string Name, string Value)> labels, double value, double? le)
    {
        _text.Append(name);
        if (labels.Length > 0 || le is not null)
        {
            _text.Append('{');
            var first = true;
            foreach (var (labelName, labelValue) in labels)
            {
                if (!IsValidLabelName(labelName))
                {
                    throw new ArgumentException($"'{labelName}' is not a label name", nameof(labels));
                }

                _text.Append(first ? "" : ",").Append(labelName).Append("=\"");
                foreach (var c in labelValue)
                {
                    _text.Append(c switch
                    {
                        '\\' => "\\\\",
                        '"' => "\\\"",
                        '\n' => "\\n",
                        _ => c.ToString(),
                    });
                }

                _text.Append('"');
                first = false;
            }

            if (le is { } bound)
            {
                _text.Append(first ? "" : ",").Append("le=\"").Append(Number(bound)).Append('"');
            }

            _text.Append('}');
        }

        _text.Append(' ').Append(Number(value)).Append('\n');
        return this;
    }
}
