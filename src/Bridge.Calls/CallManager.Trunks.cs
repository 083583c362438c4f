using Bridge.Calls.Trunks;
using Bridge.Sip.Messages;
using Bridge.Sip.Security;
using Bridge.Sip.Transport;
using Microsoft.Extensions.Logging;

namespace Bridge.Calls;

/// <summary>Declared trunks (issue 12) in call admission: a trunk's calls count against its own limits and per caller
/// behind it; undeclared sources keep the per-address limits of issue #5.</summary>
public sealed partial class CallManager
{
    private TrunkAuthenticator? _authenticator;

    /// <summary>The trunks of the current dial plan as the SIP request guard asks for them
    /// (<see cref="Bridge.Sip.Stack.SipEndpointOptions.Trunks"/>).</summary>
    public ISipTrunkDirectory TrunkDirectory => new DialPlanTrunkDirectory(() => _conference.Trunks);

    private TrunkAuthenticator Authenticator =>
        LazyInitializer.EnsureInitialized(ref _authenticator, () => new TrunkAuthenticator(() => _conference.Trunks, _time, _loggerFactory.CreateLogger<TrunkAuthenticator>()));

    /// <summary>For <see cref="Bridge.Sip.Stack.SipEndpoint.NewInviteFilter"/>: digest authentication of trunks declared with
    /// <c>auth: digest</c>; null lets the call go on, otherwise the 401 challenge or 403 to send.</summary>
    public SipResponse? CheckTrunkCredentials(SipRequest invite, SipRemote remote, Func<SipRequest, int, SipResponse> createResponse)
    {
        ArgumentNullException.ThrowIfNull(invite);
        ArgumentNullException.ThrowIfNull(remote);
        ArgumentNullException.ThrowIfNull(createResponse);
        return Authenticator.Check(invite, remote, createResponse);
    }

    private bool TryAdmit(TrunkCaller caller)
    {
        if (caller.Trunk is not { } trunk)
        {
            return _admission.TryAdmit(caller.Address);
        }

        LogTrunkCall(trunk.Name, Conferencing.CallerSource.Mask(caller.User));
        return _admission.TryAdmit(trunk, caller.User, _time.GetTimestamp(), _time.TimestampFrequency);
    }

    private void Release(TrunkCaller caller)
    {
        if (caller.Trunk is { } trunk)
        {
            _admission.Release(trunk, caller.User);
        }
        else
        {
            _admission.Release(caller.Address);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "New call through trunk {Trunk} from {Caller}")]
    private partial void LogTrunkCall(string trunk, string caller);
}
