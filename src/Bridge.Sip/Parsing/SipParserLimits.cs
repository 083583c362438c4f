namespace Bridge.Sip.Parsing;

/// <summary>Limits checked before any parsing work (message size, header line count, line length).</summary>
public sealed record SipParserLimits(int MaxMessageSize = 65536, int MaxHeaders = 128, int MaxLineLength = 8192)
{
    /// <summary>64 KiB, 128 header lines, 8 KiB per line.</summary>
    public static SipParserLimits Default { get; } = new();
}
