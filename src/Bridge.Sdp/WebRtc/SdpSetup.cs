using System.Diagnostics.CodeAnalysis;

namespace Bridge.Sdp.WebRtc;

/// <summary>Reading, writing and answering <c>a=setup</c> (RFC 4145 §4, RFC 5763 §5, RFC 8842 §5.3).</summary>
public static class SdpSetup
{
    /// <summary>Parses the value of <c>a=setup</c> (case-insensitive); false for anything else.</summary>
    public static bool TryParse(string? value, out SdpSetupRole role)
    {
        switch (value?.Trim().ToUpperInvariant())
        {
            case "ACTIVE": role = SdpSetupRole.Active; return true;
            case "PASSIVE": role = SdpSetupRole.Passive; return true;
            case "ACTPASS": role = SdpSetupRole.ActPass; return true;
            case "HOLDCONN": role = SdpSetupRole.HoldConn; return true;
            default: role = SdpSetupRole.ActPass; return false;
        }
    }

    /// <summary>The attribute value: <c>active</c>, <c>passive</c>, <c>actpass</c> or <c>holdconn</c>.</summary>
    public static string ToAttributeValue(this SdpSetupRole role) => role switch
    {
        SdpSetupRole.Active => "active",
        SdpSetupRole.Passive => "passive",
        SdpSetupRole.HoldConn => "holdconn",
        _ => "actpass",
    };

    /// <summary>
    /// Our role in an answer to <paramref name="offered"/> (RFC 5763 §5): <c>actpass</c> and <c>active</c> are answered
    /// <c>passive</c> (we are the DTLS server, which suits an ICE-lite agent: the browser, as controlling agent,
    /// starts the handshake once its checks succeed); <c>passive</c> is answered <c>active</c>. <c>holdconn</c>
    /// is refused with a reason, and we never produce two active or two passive ends.
    /// </summary>
    public static bool TryAnswer(SdpSetupRole offered, out SdpSetupRole answer, [NotNullWhen(false)] out string? reason)
    {
        switch (offered)
        {
            case SdpSetupRole.ActPass:
            case SdpSetupRole.Active:
                answer = SdpSetupRole.Passive;
                reason = null;
                return true;
            case SdpSetupRole.Passive:
                answer = SdpSetupRole.Active;
                reason = null;
                return true;
            default:
                answer = SdpSetupRole.Passive;
                reason = "a=setup:holdconn offered: this bridge does not hold DTLS connections";
                return false;
        }
    }

    /// <summary>
    /// The effective <c>a=setup</c> of a media description: media level, else session level; absent means
    /// <c>active</c> (RFC 4145 §4). False with a reason for an unknown value.
    /// </summary>
    public static bool TryGetOffered(SessionDescription session, MediaDescription media, out SdpSetupRole role, [NotNullWhen(false)] out string? reason)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(media);
        string? value = media.GetAttribute("setup") ?? session.GetAttribute("setup");
        if (value is null)
        {
            role = SdpSetupRole.Active;
            reason = null;
            return true;
        }

        if (TryParse(value, out role))
        {
            reason = null;
            return true;
        }

        reason = "unknown a=setup value '" + Clip(value) + "'";
        return false;
    }

    internal static string Clip(string value) => value.Length <= 32 ? value : value[..32] + "...";
}
