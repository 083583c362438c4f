using System.Globalization;
using System.Security.Cryptography;
using Bridge.Sip.Messages;

namespace Bridge.Sip.Auth;

/// <summary>
/// Answers a UAS's or proxy's digest challenge (RFC 3261 §22.2, §22.3; RFC 7616 §3.4; RFC 8760 §2.5): takes the topmost
/// challenge whose algorithm we support (SHA-256 or MD5), with <c>qop=auth</c> when offered.
/// </summary>
public static class DigestClient
{
    /// <summary>The <c>Authorization</c> (401) or <c>Proxy-Authorization</c> (407) header name and value for
    /// <paramref name="request"/>, or null when <paramref name="challenge"/> carries no usable challenge.</summary>
    public static (string Header, string Value)? Answer(SipResponse challenge, SipRequest request, string user, string password, int nonceCount = 1)
    {
        ArgumentNullException.ThrowIfNull(challenge);
        ArgumentNullException.ThrowIfNull(request);
        var (challengeHeader, answerHeader) = challenge.StatusCode == 407
            ? ("Proxy-Authenticate", "Proxy-Authorization")
            : ("WWW-Authenticate", "Authorization");
        foreach (var value in challenge.Headers.GetValues(challengeHeader))
        {
            if (!DigestParameters.TryParse(value, out var p) || !p.TryGetAlgorithm(out var algorithm) || p["realm"] is not { } realm || p["nonce"] is not { } nonce)
            {
                continue;
            }

            var qopOffered = p["qop"]?.Split(',').Select(q => q.Trim()).Contains("auth", StringComparer.OrdinalIgnoreCase) == true;
            var uri = request.RequestUri.ToString();
            var nc = nonceCount.ToString("x8", CultureInfo.InvariantCulture);
            var cnonce = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
            var response = DigestCalculator.Response(algorithm, user, realm, password, request.Method, uri, nonce, qopOffered ? "auth" : null, nc, cnonce);
            var text = $"Digest username=\"{user}\", realm=\"{realm}\", nonce=\"{nonce}\", uri=\"{uri}\", response=\"{response}\", algorithm={(algorithm == DigestAlgorithm.Sha256 ? "SHA-256" : "MD5")}";
            if (qopOffered)
            {
                text += $", qop=auth, nc={nc}, cnonce=\"{cnonce}\"";
            }

            if (p["opaque"] is { } opaque)
            {
                text += $", opaque=\"{opaque}\"";
            }

            return (answerHeader, text);
        }

        return null;
    }
}
