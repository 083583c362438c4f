using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace Bridge.Sdp;

/// <summary>
/// A session description (RFC 4566 / RFC 8866 §5): session-level lines and the media descriptions.
/// Parsing is tolerant (CRLF or LF, unknown line types and attributes kept); writing uses CRLF and the
/// line order of RFC 4566 §5.
/// </summary>
public sealed class SessionDescription
{
    /// <summary>Largest description accepted by the parser, in bytes. SIP bodies this large are already suspicious.</summary>
    public const int MaxLength = 64 * 1024;

    /// <summary>Protocol version (<c>v=</c>), always 0.</summary>
    public int Version { get; set; }

    /// <summary>Origin (<c>o=</c>).</summary>
    public required SdpOrigin Origin { get; set; }

    /// <summary>Session name (<c>s=</c>); <c>-</c> when there is none (RFC 3264 §5).</summary>
    public string SessionName { get; set; } = "-";

    /// <summary>Session information (<c>i=</c>).</summary>
    public string? Information { get; set; }

    /// <summary>URI (<c>u=</c>).</summary>
    public string? Uri { get; set; }

    /// <summary>Email addresses (<c>e=</c>).</summary>
    public IList<string> Emails { get; init; } = new List<string>();

    /// <summary>Phone numbers (<c>p=</c>).</summary>
    public IList<string> Phones { get; init; } = new List<string>();

    /// <summary>Session-level connection data (<c>c=</c>), used by media descriptions without their own.</summary>
    public SdpConnection? Connection { get; set; }

    /// <summary>Session-level bandwidth lines (<c>b=</c>).</summary>
    public IList<SdpBandwidth> Bandwidths { get; init; } = new List<SdpBandwidth>();

    /// <summary>Timing (<c>t=</c> with <c>r=</c>); written as <c>t=0 0</c> when empty.</summary>
    public IList<SdpTiming> Timings { get; init; } = new List<SdpTiming>();

    /// <summary>Time zone adjustments (<c>z=</c>), kept as written.</summary>
    public string? TimeZones { get; set; }

    /// <summary>Encryption key (<c>k=</c>, obsolete), kept as written.</summary>
    public string? Key { get; set; }

    /// <summary>Lines of types this library does not interpret, kept in order.</summary>
    public IList<SdpLine> OtherLines { get; init; } = new List<SdpLine>();

    /// <summary>Session-level attributes in order.</summary>
    public IList<SdpAttribute> Attributes { get; init; } = new List<SdpAttribute>();

    /// <summary>Media descriptions in order; offer/answer matches them by index (RFC 3264 §6).</summary>
    public IList<MediaDescription> Media { get; init; } = new List<MediaDescription>();

    /// <summary>Session-level direction attribute, or null when absent. Setting replaces it.</summary>
    public MediaDirection? Direction
    {
        get => SdpAttributeList.GetDirection(Attributes);
        set => SdpAttributeList.SetDirection(Attributes, value);
    }

    /// <summary>The value of the first session-level attribute named <paramref name="name"/> (empty for a property attribute), or null.</summary>
    public string? GetAttribute(string name) => SdpAttributeList.GetValue(Attributes, name);

    /// <summary>Direction of a media description: media level wins over session level; sendrecv when neither is given (RFC 4566 §6).</summary>
    public MediaDirection GetEffectiveDirection(MediaDescription media)
    {
        ArgumentNullException.ThrowIfNull(media);
        return media.Direction ?? Direction ?? MediaDirection.SendRecv;
    }

    /// <summary>Connection data of a media description: its own <c>c=</c>, else the session's (RFC 4566 §5.7).</summary>
    public SdpConnection? GetEffectiveConnection(MediaDescription media)
    {
        ArgumentNullException.ThrowIfNull(media);
        return media.Connection ?? Connection;
    }

    /// <summary>Parses UTF-8 SDP. Never throws for bad input: returns false and a short reason with the line number.</summary>
    public static bool TryParse(ReadOnlySpan<byte> utf8, [NotNullWhen(true)] out SessionDescription? sdp, out string? error)
    {
        if (utf8.Length > MaxLength)
        {
            sdp = null;
            error = "description too large";
            return false;
        }

        return SdpParser.TryParse(Encoding.UTF8.GetString(utf8), out sdp, out error);
    }

    /// <summary>Parses SDP text. Never throws for bad input: returns false and a short reason with the line number.</summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out SessionDescription? sdp, out string? error)
    {
        if (text is null || text.Length > MaxLength)
        {
            sdp = null;
            error = text is null ? "no description" : "description too large";
            return false;
        }

        return SdpParser.TryParse(text, out sdp, out error);
    }

    /// <summary>The description as UTF-8 bytes with CRLF line endings, ready for a SIP body.</summary>
    public byte[] ToBytes() => Encoding.UTF8.GetBytes(ToString());

    /// <summary>The description as text with CRLF line endings in RFC 4566 §5 order.</summary>
    public override string ToString()
    {
        var builder = new StringBuilder(512);
        SdpWriter.Write(this, builder);
        return builder.ToString();
    }
}
