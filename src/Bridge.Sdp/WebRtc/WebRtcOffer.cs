using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Bridge.Sdp.WebRtc;

/// <summary>
/// A browser's offer as read by <see cref="WebRtcOfferReader"/>: the parsed description, one
/// <see cref="WebRtcMediaOffer"/> per m-line and the BUNDLE groups (RFC 8843 §7.1).
/// </summary>
public sealed class WebRtcOffer
{
    /// <summary>The parsed offer.</summary>
    public required SessionDescription Description { get; init; }

    /// <summary>One entry per m-line, in order.</summary>
    public required IReadOnlyList<WebRtcMediaOffer> Media { get; init; }

    /// <summary>Every <c>a=group:BUNDLE</c> as its list of mids (RFC 8843 §7.1); the first mid is the offerer's tag.</summary>
    public IReadOnlyList<IReadOnlyList<string>> BundleGroups { get; init; } = [];

    /// <summary>The offerer is an ICE-lite agent (<c>a=ice-lite</c>, RFC 8839 §5.3); browsers never are.</summary>
    public bool IceLite { get; init; }

    /// <summary>The BUNDLE group containing <paramref name="mid"/>, or null.</summary>
    public IReadOnlyList<string>? FindBundleGroup(string? mid)
    {
        if (mid is null)
        {
            return null;
        }

        foreach (IReadOnlyList<string> group in BundleGroups)
        {
            if (group.Contains(mid, StringComparer.Ordinal))
            {
                return group;
            }
        }

        return null;
    }

    /// <summary>
    /// Checks what a WebRTC answerer needs from every m-line the offerer did not disable: a DTLS protocol
    /// (RFC 8829 §5.1.2), ICE ufrag and password (RFC 8839 §5.4), a fingerprint (RFC 8122 §5), a known setup
    /// value (RFC 4145 §4) and rtcp-mux on bundled RTP m-lines (RFC 8843 §9.3). False with the first problem found.
    /// </summary>
    public bool TryValidate([NotNullWhen(false)] out string? reason)
    {
        if (Media.Count == 0)
        {
            reason = "offer has no m= lines";
            return false;
        }

        var mids = new HashSet<string>(StringComparer.Ordinal);
        foreach (WebRtcMediaOffer media in Media)
        {
            if (media.Mid is not null && !IsToken(media.Mid))
            {
                reason = Where(media) + "a=mid must be a token of at most 32 characters (RFC 5888 §4)";
                return false;
            }

            if (media.Mid is not null && !mids.Add(media.Mid))
            {
                reason = Where(media) + "duplicate a=mid '" + SdpSetup.Clip(media.Mid) + "' (RFC 8843 §14)";
                return false;
            }

            if (media.IsDisabledByOfferer)
            {
                continue;
            }

            string? problem = Check(media);
            if (problem is not null)
            {
                reason = Where(media) + problem;
                return false;
            }
        }

        reason = null;
        return true;
    }

    private string? Check(WebRtcMediaOffer media)
    {
        if (!IsDtlsProtocol(media.Protocol))
        {
            return "proto '" + SdpSetup.Clip(media.Protocol) + "' is not DTLS-SRTP (a browser offers UDP/TLS/RTP/SAVPF, RFC 8829 §5.1.2)";
        }

        if (media.IceUfrag is null)
        {
            return "missing a=ice-ufrag (RFC 8839 §5.4)";
        }

        if (!IsIceChars(media.IceUfrag, 4))
        {
            return "a=ice-ufrag must be 4-256 ice-chars (RFC 8839 §5.4)";
        }

        if (media.IcePwd is null)
        {
            return "missing a=ice-pwd (RFC 8839 §5.4)";
        }

        if (!IsIceChars(media.IcePwd, 22))
        {
            return "a=ice-pwd must be 22-256 ice-chars (RFC 8839 §5.4)";
        }

        if (media.FingerprintProblem is not null)
        {
            return media.FingerprintProblem;
        }

        if (media.SetupProblem is not null)
        {
            return media.SetupProblem;
        }

        bool rtp = media.Protocol.Contains("RTP", StringComparison.OrdinalIgnoreCase);
        if (rtp && !media.RtcpMux && FindBundleGroup(media.Mid) is not null)
        {
            return "in a BUNDLE group without a=rtcp-mux (RFC 8843 §9.3)";
        }

        return null;
    }

    /// <summary>UDP/TLS/RTP/SAVP(F) (RFC 5764 §8) or the data channel's UDP/DTLS/SCTP and TCP/DTLS/SCTP (RFC 8841 §4).</summary>
    public static bool IsDtlsProtocol(string protocol) =>
        SdpProtocol.IsDtls(protocol)
        || string.Equals(protocol, "UDP/DTLS/SCTP", StringComparison.OrdinalIgnoreCase)
        || string.Equals(protocol, "TCP/DTLS/SCTP", StringComparison.OrdinalIgnoreCase);

    /// <summary>ice-char = ALPHA / DIGIT / "+" / "/" (RFC 8839 §5.4), between <paramref name="min"/> and 256 of them.</summary>
    private static bool IsIceChars(string value, int min)
    {
        if (value.Length < min || value.Length > 256)
        {
            return false;
        }

        foreach (char c in value)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '+' && c != '/')
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>RFC 4566 token characters, 1 to 32 of them.</summary>
    private static bool IsToken(string value)
    {
        if (value.Length is 0 or > 32)
        {
            return false;
        }

        foreach (char c in value)
        {
            if (!char.IsAsciiLetterOrDigit(c) && !"!#$%&'*+-.^_`{|}~".Contains(c, StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    private static string Where(WebRtcMediaOffer media) =>
        string.Create(CultureInfo.InvariantCulture, $"m-line {media.Index} ({SdpSetup.Clip(media.Kind)}): ");

    /// <summary>A short description for logs, without ICE passwords.</summary>
    public override string ToString() => $"offer with {Media.Count} m-lines, {BundleGroups.Count} BUNDLE groups";
}
