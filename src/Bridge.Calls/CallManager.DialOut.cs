using Bridge.Conferencing;
using Bridge.Conferencing.DialOut;
using Bridge.DialPlans;
using Bridge.DialPlans.Trunks;
using Bridge.Rtp;
using Bridge.Sdp;
using Bridge.Sip.Auth;
using Bridge.Sip.Dialogs;
using System.Net;
using Bridge.Sip.Messages;
using Bridge.Sip.Resolver;
using Bridge.Sip.Stack;
using Bridge.Sip.Transport;
using Bridge.Calls.Trunks;
using Microsoft.Extensions.Logging;

namespace Bridge.Calls;

/// <summary>
/// Dial-out (issue 12): calls the number a moderator keyed through the trunk that allowed it. The INVITE goes to the
/// trunk's <c>dialOut.target</c>, else its registrar (RFC 3261 §13.2), From the registered identity
/// (<c>sip:user@registrar-host</c>); a 401/407 is answered with the registration's credentials (§22.2); after
/// <c>dialOut.ringSeconds</c> the call is cancelled (§9.1). The offer is plain RTP, or SDES-SRTP from a <c>media: secure</c>
/// room (an answer without SRTP is hung up, <see cref="DialOutMedia"/>); the transport is TLS when the target says so
/// (<c>sips:</c> or <c>;transport=tls</c>). A target given as a domain is located with RFC 3263 and its
/// servers are tried in order (§4.3, <see cref="DialOutFailover"/>). An
/// answered call becomes a leg like an incoming one and is handed to the conference as an invited call.
/// </summary>
public sealed partial class CallManager : IDialOutDialer
{
    private SipEndpoint? _dialOutEndpoint;
    private SipServerLocator? _locator;

    /// <summary>RFC 3263 §4.3: a server located for a call out that sends nothing at all (not even 100 Trying, which a
    /// stateful server sends within 200 ms, RFC 3261 §17.2.1) in this time is given up for the next one, so a dead server
    /// does not use up the ring time. Three INVITE transmissions over UDP (T1 = 500 ms).</summary>
    internal static readonly TimeSpan DialOutTargetSilence = TimeSpan.FromSeconds(2);

    /// <summary>Lets moderators dial out through <paramref name="endpoint"/> (called once SIP is up). A target given as a domain
    /// is located with RFC 3263 by asking <paramref name="nameserver"/> (null: the first of /etc/resolv.conf).</summary>
    public void EnableDialOut(SipEndpoint endpoint, IPEndPoint? nameserver = null)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        _dialOutEndpoint = endpoint;
        nameserver ??= File.Exists("/etc/resolv.conf") ? DnsClient.NameserverFromResolvConf(File.ReadAllText("/etc/resolv.conf")) : null;
        if (nameserver is not null)
        {
            _locator = new SipServerLocator(new CachingDnsClient(new DnsClient(nameserver), _time), [.. endpoint.ListenPoints.Select(p => p.Transport).Distinct(StringComparer.Ordinal)]);
        }

        _conference.Dialer = this;
    }

    void IDialOutDialer.Dial(DialOutRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        _ = Task.Run(async () =>
        {
            DialOutOutcome outcome;
            try
            {
                outcome = await DialAsync(request).ConfigureAwait(false);
            }
#pragma warning disable CA1031 // a failing call out must still tell the moderator
            catch (Exception ex)
#pragma warning restore CA1031
            {
                LogDialOutFailed(request.Id, ex.GetType().Name + ": " + ex.Message);
                outcome = DialOutOutcome.Failed;
            }

            request.Completed(outcome);
        });
    }

    /// <summary>The Request-URI for <paramref name="number"/> at the trunk (<c>dialOut.target</c>, else the registrar) and the
    /// From address (the registered identity), or null when the trunk names no place to send calls to.</summary>
    internal static (SipUri Target, SipUri From)? DialOutAddresses(TrunkConfig trunk, string number)
    {
        var place = trunk.DialOut?.Target ?? trunk.Register?.Registrar;
        if (place is null || !SipUri.TryParse(place, out var uri) || !IsDialable(number))
        {
            return null;
        }

        var target = uri.With(user: number);
        var from = trunk.Register is { } register && SipUri.TryParse(register.Registrar, out var registrar)
            ? SipUri.Create(registrar.Scheme, register.User, registrar.Host, registrar.Port)
            : SipUri.Create(uri.Scheme, "bridge", uri.Host, uri.Port);
        return (target, from);
    }

    private static bool IsDialable(string number) => DialOutNumber.IsWellFormed(number);

    /// <summary>Counts the call against the trunk's <c>limits.calls</c> (refused with <see cref="DialOutOutcome.Failed"/>
    /// beyond it) until the answered call ends, or at once when it was not answered.</summary>
    private async Task<DialOutOutcome> DialAsync(DialOutRequest request)
    {
        var trunk = request.Trunk;
        if (!_admission.TryAdmitOutgoing(trunk))
        {
            LogDialOutFailed(request.Id, "trunk " + trunk.Name + " is at its limit of " + trunk.MaxCalls + " concurrent calls (limits.calls)");
            return DialOutOutcome.Failed;
        }

        var held = false;
        try
        {
            return await PlaceCallAsync(request, session =>
            {
                held = true;
                ReleaseWhenEnded(session, () => _admission.ReleaseOutgoing(trunk));
            }).ConfigureAwait(false);
        }
        finally
        {
            if (!held)
            {
                _admission.ReleaseOutgoing(trunk);
            }
        }
    }

    /// <summary>Runs <paramref name="release"/> once, when <paramref name="session"/> ends (at once if it already has): the
    /// admission a call in or out holds.</summary>
    private static void ReleaseWhenEnded(InviteSession session, Action release)
    {
        var released = 0;
        session.Terminated += (_, _) => ReleaseOnce();
        if (session.State == InviteSessionState.Terminated)
        {
            ReleaseOnce();
        }

        void ReleaseOnce()
        {
            if (Interlocked.Exchange(ref released, 1) == 0)
            {
                release();
            }
        }
    }

    private async Task<DialOutOutcome> PlaceCallAsync(DialOutRequest request, Action<InviteSession> answered)
    {
        var trunk = request.Trunk;
        if (_dialOutEndpoint is not { } endpoint || DialOutAddresses(trunk, request.Number) is not { } addresses)
        {
            LogDialOutFailed(request.Id, "trunk " + trunk.Name + " has no dialOut.target or registrar to send the call to");
            return DialOutOutcome.Failed;
        }

        if (!_conference.TryGetRoom(request.RoomNumber, out var room))
        {
            LogDialOutFailed(request.Id, "room " + request.RoomNumber + " is closed");
            return DialOutOutcome.Failed;
        }

        if (!RtpSession.TryCreate(_ports, _options.MediaAddress, new RtpSessionOptions { InactivityTimeout = _options.RtpTimeout }, _time, out var rtp))
        {
            LogDialOutFailed(request.Id, "no RTP ports (" + _ports.DescribeRefusal() + ")");
            return DialOutOutcome.Failed;
        }

        var secure = DialOutMedia.IsSecure(room.Media);
        var offerAnswer = new OfferAnswerSession(DialOutMedia.Options(room.Media, _options.SdpAddress, _options.CodecPreference), rtp.Ports.RtpPort);
        var offer = offerAnswer.CreateOffer(secure);
        var credentials = trunk.Register is { } register
            ? new SipCredentials(register.AuthUser, () => register.Password.Resolve(out _))
            : null;
        var ringSeconds = trunk.DialOut?.RingSeconds ?? DialOutPolicy.DefaultRingSeconds;
        OutgoingCallResult result;
        using (var ring = new CancellationTokenSource(TimeSpan.FromSeconds(ringSeconds), _time))
        {
            if (!IPAddress.TryParse(addresses.Target.Host.Trim('[', ']'), out _) && _locator is not null)
            {
                // RFC 3263: NAPTR, SRV, A/AAAA, then the servers in order (§4.3 fail-over)
                var targets = await _locator.LocateAsync(addresses.Target, ring.Token).ConfigureAwait(false);
                if (targets.Count == 0)
                {
                    rtp.Dispose();
                    LogDialOutFailed(request.Id, "RFC 3263 found no server for " + addresses.Target.Host);
                    return DialOutOutcome.Failed;
                }

                LogDialOutLocated(request.Id, addresses.Target.Host, targets[0].Transport, targets[0].EndPoint.ToString(), targets.Count);
                (result, _) = await DialOutFailover.CallAsync(
                    targets,
                    (target, ct) => endpoint.CallTargetAsync(addresses.Target, addresses.From, offer.ToBytes(), credentials, target, DialOutTargetSilence, ct),
                    (index, target, failed) => LogDialOutNextTarget(request.Id, index + 1, targets.Count, target.Transport, target.EndPoint.ToString(),
                        failed.Unreached ? "unreachable (" + failed.StatusCode + " " + failed.ReasonPhrase + ", local)" : failed.StatusCode + " " + failed.ReasonPhrase),
                    ring.Token).ConfigureAwait(false);
            }
            else
            {
                result = await endpoint.CallAsync(addresses.Target, addresses.From, offer.ToBytes(), credentials, ring.Token).ConfigureAwait(false);
            }
        }

        if (result.Session is not { } session)
        {
            rtp.Dispose();
            LogDialOutNotAnswered(request.Id, result.StatusCode, result.ReasonPhrase);
            return Classify(result.StatusCode);
        }

        answered(session);
        TrackCallMetrics(session);
        if (DialOutMedia.ApplyAnswer(offerAnswer, session.RemoteSdp.Span, secure, out var refusal) is not { } audio)
        {
            LogDialOutFailed(request.Id, refusal + "; hanging up (BYE)");
            rtp.Dispose();
            await session.HangupAsync().ConfigureAwait(false);
            return DialOutOutcome.Failed;
        }

        if (secure && !string.Equals(session.Remote.Transport, SipTransportNames.Tls, StringComparison.Ordinal))
        {
            LogSdesOverPlainTransport(session.CallId);
        }

        var source = new CallerSource(session.Remote.EndPoint.Address, request.Number) { Trunk = trunk.Name };
        request.LegId = session.CallId;
        StartLeg(session, rtp, audio, RouteDecision.Invited(room.Number, room.Media), offerAnswer, source);
        return DialOutOutcome.Answered;
    }

    /// <summary>Final status of a call out → what the moderator hears (RFC 3261 §21).</summary>
    internal static DialOutOutcome Classify(int status) => status switch
    {
        408 or 480 or 487 => DialOutOutcome.NoAnswer,
        404 or 484 or 486 or 600 or 603 => DialOutOutcome.Declined,
        >= 200 and < 300 => DialOutOutcome.Answered,
        _ => DialOutOutcome.Failed,
    };

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dial-out {DialOutId} failed: {Reason}")]
    private partial void LogDialOutFailed(string dialOutId, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Dial-out {DialOutId}: {Host} located at {Transport} {EndPoint} (RFC 3263, {Count} target(s))")]
    private partial void LogDialOutLocated(string dialOutId, string host, string transport, string endPoint, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dial-out {DialOutId}: server {Index} of {Count} ({Transport} {EndPoint}) gave {Outcome}; trying the next (RFC 3263 §4.3)")]
    private partial void LogDialOutNextTarget(string dialOutId, int index, int count, string transport, string endPoint, string outcome);

    [LoggerMessage(Level = LogLevel.Information, Message = "Dial-out {DialOutId} not answered: {Status} {Reason}")]
    private partial void LogDialOutNotAnswered(string dialOutId, int status, string reason);
}
