using System.Globalization;
using System.Text;
using Bridge.Conferencing.Records;

namespace Bridge.Web.Api;

/// <summary>
/// Call records as CSV (RFC 4180: CRLF lines, fields with a comma, quote or line break quoted, quotes doubled). A field that a
/// spreadsheet would read as a formula (starting with =, +, -, @, tab or CR) is prefixed with an apostrophe (OWASP CSV injection).
/// </summary>
internal static class CallRecordCsv
{
    public const string Header = "id,room,started_at,ended_at,duration_s,caller,trunk,transport,codec,secure,loss_percent,jitter_ms,rtt_ms,mos,end_reason";

    public static string Write(IReadOnlyList<CallRecord> records)
    {
        var text = new StringBuilder(Header).Append("\r\n");
        foreach (var r in records)
        {
            Field(text, r.Id).Append(',');
            Field(text, r.Room).Append(',');
            Field(text, Time(r.StartedAt)).Append(',');
            Field(text, Time(r.EndedAt)).Append(',');
            Field(text, Number(r.DurationSeconds)).Append(',');
            Field(text, r.Caller).Append(',');
            Field(text, r.Trunk).Append(',');
            Field(text, r.Transport).Append(',');
            Field(text, r.Codec).Append(',');
            Field(text, r.Secure ? "true" : "false").Append(',');
            Field(text, Number(r.LossPercent)).Append(',');
            Field(text, Number(r.JitterMs)).Append(',');
            Field(text, Number(r.RttMs)).Append(',');
            Field(text, Number(r.Mos)).Append(',');
            Field(text, r.EndReason).Append("\r\n");
        }

        return text.ToString();
    }

    private static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static string? Number(double? value) => value?.ToString("0.###", CultureInfo.InvariantCulture);

    private static StringBuilder Field(StringBuilder text, string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return text;
        }

        // Numbers we wrote ourselves may start with '-'; any other text starting like a formula is neutralised.
        var formula = value[0] is '=' or '+' or '@' or '\t' or '\r' || (value[0] == '-' && !double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out _));
        var quote = formula || value.AsSpan().IndexOfAny(",\"\r\n") >= 0;
        if (!quote)
        {
            return text.Append(value);
        }

        text.Append('"');
        if (formula)
        {
            text.Append('\'');
        }

        return text.Append(value.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
    }
}
