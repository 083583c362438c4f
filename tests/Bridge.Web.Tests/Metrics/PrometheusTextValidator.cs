using System.Globalization;
using System.Text.RegularExpressions;

namespace Bridge.Web.Tests.Metrics;

/// <summary>
/// Checks a scrape against the rules of the Prometheus text exposition format 0.0.4: lines end in \n; <c># HELP</c> and
/// <c># TYPE</c> at most once per family and TYPE before its samples; sample lines <c>name{label="value",…} value [timestamp]</c>
/// with valid names, escaped label values (only \\, \" and \n) and float values; a family's samples together; no sample line
/// repeated; histograms with ascending <c>le</c>, non-decreasing cumulative buckets, a <c>+Inf</c> bucket equal to <c>_count</c>,
/// and a <c>_sum</c>; counters never negative. Returns the parsed samples.
/// </summary>
internal static partial class PrometheusTextValidator
{
    public static Dictionary<string, double> Validate(string text)
    {
        Assert.EndsWith("\n", text, StringComparison.Ordinal);
        var samples = new Dictionary<string, double>(StringComparer.Ordinal);
        var types = new Dictionary<string, string>(StringComparer.Ordinal);
        var helps = new HashSet<string>(StringComparer.Ordinal);
        var closed = new HashSet<string>(StringComparer.Ordinal);
        string? current = null;
        var histogram = new List<(string Labels, double Le, double Count)>();
        var lineNumber = 0;
        foreach (var line in text[..^1].Split('\n'))
        {
            lineNumber++;
            var where = $"line {lineNumber}: '{line}'";
            Assert.False(line.Contains('\r', StringComparison.Ordinal), where);
            if (line.StartsWith('#'))
            {
                var help = HelpLine().Match(line);
                var type = TypeLine().Match(line);
                if (help.Success)
                {
                    Assert.True(helps.Add(help.Groups[1].Value), "second HELP: " + where);
                    Switch(help.Groups[1].Value);
                }
                else if (type.Success)
                {
                    var name = type.Groups[1].Value;
                    Assert.False(types.ContainsKey(name), "second TYPE: " + where);
                    Assert.False(samples.Keys.Any(k => FamilyOf(k, types) == name), "TYPE after samples: " + where);
                    types[name] = type.Groups[2].Value;
                    Switch(name);
                }

                continue;
            }

            Assert.False(string.IsNullOrWhiteSpace(line), "blank line: " + where);
            var sample = SampleLine().Match(line);
            Assert.True(sample.Success, "not a sample line: " + where);
            var metric = sample.Groups["name"].Value;
            var labels = sample.Groups["labels"].Success ? sample.Groups["labels"].Value : "";
            var family = FamilyOf(metric, types);
            Switch(family);
            var value = ParseValue(sample.Groups["value"].Value, where);
            var key = metric + "{" + labels + "}";
            Assert.True(samples.TryAdd(key, value), "repeated sample: " + where);
            var labelSet = ParseLabels(labels, where);
            var type2 = types.GetValueOrDefault(family, "untyped");
            if (type2 == "counter")
            {
                Assert.True(value >= 0, "negative counter: " + where);
            }

            if (type2 == "histogram" && metric == family + "_bucket")
            {
                Assert.True(labelSet.TryGetValue("le", out var le), "bucket without le: " + where);
                labelSet.Remove("le");
                histogram.Add((string.Join(',', labelSet.OrderBy(l => l.Key, StringComparer.Ordinal)), ParseValue(le!, where), value));
            }
        }

        Switch(null);
        return samples;

        void Switch(string? family)
        {
            if (family == current)
            {
                return;
            }

            if (current is not null)
            {
                if (types.GetValueOrDefault(current) == "histogram")
                {
                    CheckHistogram(current, histogram, samples);
                }

                closed.Add(current);
            }

            histogram.Clear();
            Assert.True(family is null || !closed.Contains(family), $"samples of {family} are not together");
            current = family;
        }
    }

    private static void CheckHistogram(string family, List<(string Labels, double Le, double Count)> buckets, Dictionary<string, double> samples)
    {
        foreach (var group in buckets.GroupBy(b => b.Labels))
        {
            var list = group.ToList();
            for (var i = 1; i < list.Count; i++)
            {
                Assert.True(list[i].Le > list[i - 1].Le, $"{family}: le not ascending");
                Assert.True(list[i].Count >= list[i - 1].Count, $"{family}: buckets not cumulative");
            }

            Assert.True(double.IsPositiveInfinity(list[^1].Le), $"{family}: no +Inf bucket");
            var labels = group.Key;
            var count = samples.Single(s => s.Key.StartsWith(family + "_count{", StringComparison.Ordinal) && SameLabels(s.Key, labels)).Value;
            Assert.Equal(list[^1].Count, count);
            Assert.Contains(samples.Keys, k => k.StartsWith(family + "_sum{", StringComparison.Ordinal) && SameLabels(k, labels));
        }
    }

    private static bool SameLabels(string key, string labels)
    {
        var inner = key[(key.IndexOf('{', StringComparison.Ordinal) + 1)..^1];
        return string.Join(',', ParseLabels(inner, key).OrderBy(l => l.Key, StringComparer.Ordinal)) == labels;
    }

    private static string FamilyOf(string metric, Dictionary<string, string> types)
    {
        foreach (var suffix in new[] { "_bucket", "_sum", "_count" })
        {
            if (metric.EndsWith(suffix, StringComparison.Ordinal) && types.GetValueOrDefault(metric[..^suffix.Length]) == "histogram")
            {
                return metric[..^suffix.Length];
            }
        }

        return metric;
    }

    private static double ParseValue(string text, string where) => text switch
    {
        "+Inf" => double.PositiveInfinity,
        "-Inf" => double.NegativeInfinity,
        "NaN" => double.NaN,
        _ => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : throw new Xunit.Sdk.XunitException("bad value: " + where),
    };

    private static Dictionary<string, string> ParseLabels(string labels, string where)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        var position = 0;
        while (position < labels.Length)
        {
            var match = LabelPair().Match(labels, position);
            Assert.True(match.Success && match.Index == position, "bad labels: " + where);
            Assert.True(result.TryAdd(match.Groups[1].Value, match.Groups[2].Value), "repeated label: " + where);
            position += match.Length;
            if (position < labels.Length)
            {
                Assert.Equal(',', labels[position]);
                position++;
            }
        }

        return result;
    }

    [GeneratedRegex(@"^# HELP ([a-zA-Z_:][a-zA-Z0-9_:]*) (?:[^\\]|\\\\|\\n)*$")]
    private static partial Regex HelpLine();

    [GeneratedRegex(@"^# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (counter|gauge|histogram|summary|untyped)$")]
    private static partial Regex TypeLine();

    [GeneratedRegex(@"^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(?<labels>[^}]*)\})? (?<value>\S+)(?: -?\d+)?$")]
    private static partial Regex SampleLine();

    [GeneratedRegex(@"([a-zA-Z_][a-zA-Z0-9_]*)=""((?:[^""\\\n]|\\\\|\\""|\\n)*)""")]
    private static partial Regex LabelPair();
}
