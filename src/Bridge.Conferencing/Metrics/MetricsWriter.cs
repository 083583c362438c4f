using System.Buffers;
using System.Globalization;
using System.Text;

namespace Bridge.Conferencing.Metrics;

/// <summary>
/// Writes the Prometheus text exposition format (version 0.0.4): per family one <c># HELP</c> and one <c># TYPE</c> line, then
/// its samples, each <c>name{label="value",…} number</c>; label values escaped (\\, \", \n); histograms as cumulative
/// <c>_bucket{le}</c> ending with <c>+Inf</c>, then <c>_sum</c> and <c>_count</c>. A family already written is refused, so
/// samples of one family stay together as the format requires. Not thread-safe: one writer per scrape. A scrape allocates
/// little beside its text (no string per sample or per label character): Prometheus reads it every 15 s or so for the life
/// of the service.
/// </summary>
public sealed class MetricsWriter
{
    private readonly StringBuilder _text = new(12 * 1024); // a scrape of a busy bridge is about 9,000 characters
    private readonly HashSet<string> _families = new(StringComparer.Ordinal);
    private readonly List<string> _familyOrder = [];
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

        _familyOrder.Add(name);

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
    public MetricsWriter Sample(double value, params ReadOnlySpan<(string Name, string Value)> labels) => Line(Current, "", labels, value, null);

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
            Line(name, "_bucket", labels, cumulativeCounts[i], upperBounds[i]);
        }

        Line(name, "_bucket", labels, count, double.PositiveInfinity);
        Line(name, "_sum", labels, sum, null);
        Line(name, "_count", labels, count, null);
        return this;
    }

    /// <summary>
    /// Runs <paramref name="collect"/> into this writer; when it throws, what it wrote is taken back (text and families), so
    /// a failing source leaves nothing half-written, and the exception is returned. Null when it succeeded.
    /// </summary>
    public Exception? TryCollect(Action<MetricsWriter> collect)
    {
        ArgumentNullException.ThrowIfNull(collect);
        int length = _text.Length;
        int families = _familyOrder.Count;
        try
        {
            collect(this);
            _current = null;
            return null;
        }
#pragma warning disable CA1031 // the caller decides what a failed source means; here it is only taken back
        catch (Exception ex)
#pragma warning restore CA1031
        {
            _text.Length = length;
            for (int i = _familyOrder.Count - 1; i >= families; i--)
            {
                _families.Remove(_familyOrder[i]);
                _familyOrder.RemoveAt(i);
            }

            _current = null;
            return ex;
        }
    }

    /// <summary>The exposition so far.</summary>
    public override string ToString() => _text.ToString();

    /// <summary>Metric names: [a-zA-Z_:][a-zA-Z0-9_:]*.</summary>
    public static bool IsValidName(string? name) =>
        !string.IsNullOrEmpty(name) && !char.IsAsciiDigit(name[0]) && !name.AsSpan().ContainsAnyExcept(NameCharacters);

    private static bool IsValidLabelName(string name) =>
        name.Length > 0 && !char.IsAsciiDigit(name[0]) && !name.StartsWith("__", StringComparison.Ordinal) && !name.AsSpan().ContainsAnyExcept(LabelNameCharacters);

    // Searched as spans: LINQ over a string made an enumerator for every label of every sample.
    private static readonly SearchValues<char> LabelNameCharacters = SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_");
    private static readonly SearchValues<char> NameCharacters = SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_:");

    private void AppendNumber(double value)
    {
        switch (value)
        {
            case double.PositiveInfinity:
                _text.Append("+Inf");
                break;
            case double.NegativeInfinity:
                _text.Append("-Inf");
                break;
            case double.NaN:
                _text.Append("NaN");
                break;
            default:
                // Into the stack and then the text: an interpolated Append with a culture allocated 24 bytes a number.
                Span<char> digits = stackalloc char[32];
                if (value.TryFormat(digits, out int written, "R", CultureInfo.InvariantCulture))
                {
                    _text.Append(digits[..written]);
                }
                else
                {
                    _text.Append(value.ToString("R", CultureInfo.InvariantCulture));
                }

                break;
        }
    }

    private string Current => _current ?? throw new InvalidOperationException("call Family first");

    private MetricsWriter Line(string name, string suffix, ReadOnlySpan<(string Name, string Value)> labels, double value, double? le)
    {
        _text.Append(name).Append(suffix);
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
                    switch (c)
                    {
                        case '\\':
                            _text.Append("\\\\");
                            break;
                        case '"':
                            _text.Append("\\\"");
                            break;
                        case '\n':
                            _text.Append("\\n");
                            break;
                        default:
                            _text.Append(c);
                            break;
                    }
                }

                _text.Append('"');
                first = false;
            }

            if (le is { } bound)
            {
                _text.Append(first ? "" : ",").Append("le=\"");
                AppendNumber(bound);
                _text.Append('"');
            }

            _text.Append('}');
        }

        _text.Append(' ');
        AppendNumber(value);
        _text.Append('\n');
        return this;
    }
}
