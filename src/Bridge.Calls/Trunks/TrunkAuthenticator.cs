using Bridge.Conferencing;
using Bridge.DialPlans.Trunks;
using Bridge.Sip.Auth;
using Bridge.Sip.Messages;
using Bridge.Sip.Transport;
using Microsoft.Extensions.Logging;

namespace Bridge.Calls.Trunks;

/// <summary>
/// Digest authentication of trunks declared with <c>auth: digest</c> (issue 12; RFC 3261 §22.2, RFC 7616, RFC 8760).
/// A new INVITE from a source that a digest trunk matches by address or certificate, or, when the plan has trunks
/// recognised by credentials alone, from any undeclared source, must carry valid credentials: none gives 401 with
/// SHA-256 and MD5 challenges, a stale nonce 401 with <c>stale=true</c>, wrong ones 403 counted per source address
/// (5 in 15 minutes lock the address out for 15 minutes). Passwords are read from their file or variable when
/// needed and never logged.
/// </summary>
internal sealed partial class TrunkAuthenticator
{
    /// <summary>The realm of the bridge's challenges.</summary>
    internal const string Realm = "bridge";

    /// <summary>How long a nonce is good for.</summary>
    internal static readonly TimeSpan NonceLifetime = TimeSpan.FromMinutes(5);

    private readonly Func<TrunkTable> _trunks;
    private readonly SipDigestServer _server;
    private readonly TrunkAuthFailures _failures;
    private readonly ILogger _logger;

    public TrunkAuthenticator(Func<TrunkTable> trunks, TimeProvider time, ILogger logger)
    {
        _trunks = trunks;
        _server = new SipDigestServer(new DigestNonces(time, NonceLifetime), Realm);
        _failures = new TrunkAuthFailures(time);
        _logger = logger;
    }

    /// <summary>The answer to send instead of taking the call (401 or 403), or null when the call may go on.</summary>
    public SipResponse? Check(SipRequest invite, SipRemote remote, Func<SipRequest, int, SipResponse> createResponse)
    {
        var candidates = Candidates(remote);
        if (candidates.Count == 0)
        {
            return null;
        }

        var source = remote.EndPoint.Address;
        if (_failures.IsLockedOut(source))
        {
            LogLockedOut(_logger, source.ToString());
            return createResponse(invite, 403);
        }

        var algorithms = Algorithms(candidates);
        var (verdict, user) = _server.Verify(invite, name => PasswordOf(candidates, name), algorithms);
        switch (verdict)
        {
            case DigestVerdict.Valid:
                return null;
            case DigestVerdict.Missing or DigestVerdict.Stale:
                var challenge = createResponse(invite, 401);
                _server.AddChallenges(challenge, stale: verdict == DigestVerdict.Stale, algorithms);
                return challenge;
            default:
                var (count, lockedOut) = _failures.Record(source);
                LogFailure(_logger, source.ToString(), CallerSource.Mask(user), count);
                if (lockedOut)
                {
                    LogLockout(_logger, source.ToString(), count, (int)TrunkAuthFailures.Lockout.TotalMinutes);
                }

                return createResponse(invite, 403);
        }
    }

    /// <summary>The trunk recognised by credentials alone that <paramref name="invite"/> authenticates as, or null.</summary>
    public TrunkConfig? AuthenticatedTrunk(SipRequest invite, SipRemote remote)
    {
        var table = _trunks();
        if (table.Count == 0 || table.Find(remote.EndPoint.Address, remote.ClientCertificateSubject) is not null)
        {
            return null;
        }

        var digestOnly = table.DigestOnly.ToList();
        if (digestOnly.Count == 0)
        {
            return null;
        }

        // The same INVITE passed Check a moment ago: its nonce-count is already recorded, so it is not counted again here.
        var (verdict, user) = _server.Verify(invite, name => PasswordOf(digestOnly, name), Algorithms(digestOnly), recordNonceCount: false);
        return verdict == DigestVerdict.Valid ? digestOnly.Find(t => string.Equals(t.AuthUser, user, StringComparison.Ordinal)) : null;
    }

    /// <summary>What the candidate trunks allow, in the first one's order of preference.</summary>
    private static List<DigestAlgorithm> Algorithms(List<TrunkConfig> trunks)
    {
        var names = trunks.Count == 1 ? trunks[0].DigestAlgorithms : trunks.SelectMany(t => t.DigestAlgorithms).Distinct().ToList();
        return [.. names.Select(n => n == "MD5" ? DigestAlgorithm.Md5 : DigestAlgorithm.Sha256)];
    }

    private List<TrunkConfig> Candidates(SipRemote remote)
    {
        var table = _trunks();
        if (table.Count == 0)
        {
            return [];
        }

        if (table.Find(remote.EndPoint.Address, remote.ClientCertificateSubject) is { } matched)
        {
            return matched.Auth == TrunkAuth.Digest ? [matched] : [];
        }

        return [.. table.DigestOnly];
    }

    private string? PasswordOf(List<TrunkConfig> trunks, string user)
    {
        var trunk = trunks.Find(t => string.Equals(t.AuthUser, user, StringComparison.Ordinal));
        if (trunk?.AuthPassword is not { } secret)
        {
            return null;
        }

        var password = secret.Resolve(out var problem);
        if (password is null)
        {
            LogNoPassword(_logger, trunk.Name, problem ?? "unknown");
        }

        return password;
    }

    [LoggerMessage(EventId = 5201, Level = LogLevel.Warning, Message = "SECURITY trunk-auth-failure source={Source:l} user={User:l} count={Count}")]
    private static partial void LogFailure(ILogger logger, string source, string user, int count);

    [LoggerMessage(EventId = 5202, Level = LogLevel.Warning, Message = "SECURITY trunk-auth-lockout source={Source:l} count={Count} minutes={Minutes}")]
    private static partial void LogLockout(ILogger logger, string source, int count, int minutes);

    [LoggerMessage(EventId = 5203, Level = LogLevel.Information, Message = "SECURITY trunk-auth-locked-out source={Source:l}")]
    private static partial void LogLockedOut(ILogger logger, string source);

    [LoggerMessage(EventId = 5204, Level = LogLevel.Error, Message = "Trunk {Trunk}: its digest password cannot be read ({Problem}); its calls are refused")]
    private static partial void LogNoPassword(ILogger logger, string trunk, string problem);
}
