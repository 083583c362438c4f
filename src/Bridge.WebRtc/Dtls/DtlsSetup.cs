namespace Bridge.WebRtc.Dtls;

/// <summary>
/// The <c>a=setup</c> attribute of DTLS-SRTP (RFC 5763 §5, RFC 4145 §4): who sends the ClientHello. The bridge
/// answers an <c>actpass</c> or <c>active</c> offer with <c>passive</c> (it is the DTLS server, browsers expect
/// that) and a <c>passive</c> offer with <c>active</c> (it is the client).
/// </summary>
public static class DtlsSetup
{
    /// <summary>Chooses the answer's <c>a=setup</c> value and the bridge's role for an offered value.</summary>
    /// <param name="offered">The offer's <c>a=setup</c> value; an absent attribute means <c>active</c> (RFC 4145 §4).</param>
    /// <param name="answer">The value for the answer's <c>a=setup</c>.</param>
    /// <param name="role">The bridge's DTLS role.</param>
    /// <returns>False for <c>holdconn</c> or an unknown value (no DTLS association can be set up).</returns>
    public static bool TryAnswer(string? offered, out string answer, out DtlsRole role)
    {
        switch (offered?.Trim().ToLowerInvariant())
        {
            case null or "" or "active" or "actpass":
                answer = "passive";
                role = DtlsRole.Server;
                return true;
            case "passive":
                answer = "active";
                role = DtlsRole.Client;
                return true;
            default:
                answer = string.Empty;
                role = default;
                return false;
        }
    }
}
