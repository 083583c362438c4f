using System.Globalization;
using System.Text;

namespace Bridge.Sdp;

/// <summary>Writes a description with CRLF endings in the order fixed by RFC 4566 §5 (v o s i u e p c b t r z k a, then m i c b k a).</summary>
internal static class SdpWriter
{
    public static void Write(SessionDescription sdp, StringBuilder output)
    {
        Line(output, 'v', sdp.Version.ToString(CultureInfo.InvariantCulture));
        Line(output, 'o', sdp.Origin.ToString());
        Line(output, 's', sdp.SessionName.Length == 0 ? " " : sdp.SessionName); // RFC 4566 §5.3: a single space when unnamed
        OptionalLine(output, 'i', sdp.Information);
        OptionalLine(output, 'u', sdp.Uri);
        foreach (string email in sdp.Emails)
        {
            Line(output, 'e', email);
        }

        foreach (string phone in sdp.Phones)
        {
            Line(output, 'p', phone);
        }

        if (sdp.Connection is not null)
        {
            Line(output, 'c', sdp.Connection.ToString());
        }

        foreach (SdpBandwidth bandwidth in sdp.Bandwidths)
        {
            Line(output, 'b', bandwidth.ToString());
        }

        if (sdp.Timings.Count == 0)
        {
            Line(output, 't', "0 0");
        }

        foreach (SdpTiming timing in sdp.Timings)
        {
            Line(output, 't', timing.ToString());
            foreach (string repeat in timing.Repeats)
            {
                Line(output, 'r', repeat);
            }
        }

        OptionalLine(output, 'z', sdp.TimeZones);
        OptionalLine(output, 'k', sdp.Key);
        WriteOther(output, sdp.OtherLines);
        WriteAttributes(output, sdp.Attributes);
        foreach (MediaDescription media in sdp.Media)
        {
            WriteMedia(output, media);
        }
    }

    private static void WriteMedia(StringBuilder output, MediaDescription media)
    {
        output.Append("m=").Append(media.Media).Append(' ').Append(media.Port.ToString(CultureInfo.InvariantCulture));
        if (media.PortCount is int count)
        {
            output.Append('/').Append(count.ToString(CultureInfo.InvariantCulture));
        }

        output.Append(' ').Append(media.Protocol);
        foreach (string format in media.Formats)
        {
            output.Append(' ').Append(format);
        }

        output.Append("\r\n");
        OptionalLine(output, 'i', media.Information);
        if (media.Connection is not null)
        {
            Line(output, 'c', media.Connection.ToString());
        }

        foreach (SdpBandwidth bandwidth in media.Bandwidths)
        {
            Line(output, 'b', bandwidth.ToString());
        }

        OptionalLine(output, 'k', media.Key);
        WriteOther(output, media.OtherLines);
        WriteAttributes(output, media.Attributes);
    }

    private static void WriteAttributes(StringBuilder output, IList<SdpAttribute> attributes)
    {
        foreach (SdpAttribute attribute in attributes)
        {
            output.Append("a=").Append(attribute.Name);
            if (attribute.Value is not null)
            {
                output.Append(':').Append(attribute.Value);
            }

            output.Append("\r\n");
        }
    }

    private static void WriteOther(StringBuilder output, IList<SdpLine> lines)
    {
        foreach (SdpLine line in lines)
        {
            Line(output, line.Type, line.Value);
        }
    }

    private static void OptionalLine(StringBuilder output, char type, string? value)
    {
        if (value is not null)
        {
            Line(output, type, value);
        }
    }

    private static void Line(StringBuilder output, char type, string value) => output.Append(type).Append('=').Append(value).Append("\r\n");
}
