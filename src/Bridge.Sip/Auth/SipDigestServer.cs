using Bridge.Sip.Messages;

namespace Bridge.Sip.Auth;

/// <summary>
/// Digest authentication by a UAS (RFC 3261 §22.2, §22.4): challenges with 401 and one <c>WWW-Authenticate</c> per
/// algorithm, SHA-256 first then MD5 (RFC 8760 §2.4: in order of preference), each with <c>qop="auth"</c>
/// (RFC 7616 §3.3); verifies <c>Authorization</c> against a password looked up by username, and refuses a nonce-count
/// seen before for the same nonce (a replay, RFC 7616 §3.4).
/// </summary>
public sealed class SipDigestServer
{
    private readonly DigestNonces _nonces;
    private readonly DigestNonceCounts _counts;

    public SipDigestServer(DigestNonces nonces, string realm)
    {
        ArgumentNullException.ThrowIfNull(nonces);
        ArgumentException.ThrowIfNullOrEmpty(realm);
        _nonces = nonces;
        _counts = new DigestNonceCounts(nonces.Time, nonces.Lifetime);
        Realm = realm;
    }

    /// <summary>The protection realm (RFC 3261 §22.1).</summary>
    public string Realm { get; }

    /// <summary>Both algorithms, SHA-256 first.</summary>
    public static IReadOnlyList<DigestAlgorithm> BothAlgorithms { get; } = [DigestAlgorithm.Sha256, DigestAlgorithm.Md5];

    /// <summary>Adds one challenge per algorithm of <paramref name="algorithms"/> (default: SHA-256 then MD5) to a 401 response.</summary>
    public void AddChallenges(SipResponse response, bool stale, IReadOnlyList<DigestAlgorithm>? algorithms = null)
    {
        ArgumentNullException.ThrowIfNull(response);
        var nonce = _nonces.Create();
        var tail = stale ? ", stale=true" : string.Empty;
        foreach (var algorithm in algorithms ?? BothAlgorithms)
        {
            var name = algorithm == DigestAlgorithm.Sha256 ? "SHA-256" : "MD5";
            response.Headers.Add("WWW-Authenticate", $"Digest realm=\"{Realm}\", nonce=\"{nonce}\", algorithm={name}, qop=\"auth\"{tail}");
        }
    }

    /// <summary>
    /// Checks the request's <c>Authorization</c> for our realm; <paramref name="passwordFor"/> gives the password of a
    /// username (null: unknown user). Returns the verdict and the username that was claimed.
    /// </summary>
    public (DigestVerdict Verdict, string? User) Verify(SipRequest request, Func<string, string?> passwordFor, IReadOnlyList<DigestAlgorithm>? algorithms = null) =>
        Verify(request, passwordFor, algorithms, recordNonceCount: true);

    /// <summary>As <see cref="Verify(SipRequest, Func{string, string?}, IReadOnlyList{DigestAlgorithm}?)"/>; with
    /// <paramref name="recordNonceCount"/> false the nonce-count is not recorded (nor checked): for looking again at a request
    /// that an earlier <c>Verify</c> already admitted.</summary>
    public (DigestVerdict Verdict, string? User) Verify(SipRequest request, Func<string, string?> passwordFor, IReadOnlyList<DigestAlgorithm>? algorithms, bool recordNonceCount)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(passwordFor);
        DigestParameters? credentials = null;
        foreach (var value in request.Headers.GetValues("Authorization"))
        {
            if (DigestParameters.TryParse(value, out var parsed) && string.Equals(parsed["realm"], Realm, StringComparison.Ordinal))
            {
                credentials = parsed;
                break;
            }
        }

        if (credentials is null)
        {
            return (DigestVerdict.Missing, null);
        }

        var user = credentials["username"];
        var nonce = credentials["nonce"];
        var uri = credentials["uri"];
        var response = credentials["response"];
        var qop = credentials["qop"];
        if (user is null || nonce is null || uri is null || response is null || !credentials.TryGetAlgorithm(out var algorithm)
            || !(algorithms ?? BothAlgorithms).Contains(algorithm))
        {
            return (DigestVerdict.Invalid, user);
        }

        if (qop is not null && (!qop.Equals("auth", StringComparison.OrdinalIgnoreCase) || credentials["nc"] is null || credentials["cnonce"] is null))
        {
            return (DigestVerdict.Invalid, user);
        }

        if (passwordFor(user) is not { } password)
        {
            return (DigestVerdict.Invalid, user);
        }

        var expected = DigestCalculator.Response(algorithm, user, Realm, password, request.Method, uri, nonce, qop is null ? null : "auth", credentials["nc"], credentials["cnonce"]);
        if (!DigestCalculator.SameResponse(expected, response))
        {
            return (DigestVerdict.Invalid, user);
        }

        var (ours, fresh) = _nonces.Check(nonce);
        if (!ours || !fresh)
        {
            return (DigestVerdict.Stale, user);
        }

        // RFC 7616 §3.4: with qop the nonce-count must grow; the same count again is a replay. It is answered like an old
        // nonce (a new challenge, stale=true): the client that made it retries by itself, a replayer cannot.
        return (qop is null || !recordNonceCount || _counts.TryAccept(nonce, credentials["nc"]) ? DigestVerdict.Valid : DigestVerdict.Stale, user);
    }
}
