using Bridge.Calls.Trunks;
using Bridge.Sip.Security;
using Microsoft.Extensions.Logging;

namespace Bridge.Calls;

/// <summary>Declared trunks (issue 12) in call admission: a trunk's calls count against its own limits and per caller
/// behind it; undeclared sources keep the per-address limits of issue #5.</summary>
public sealed partial class CallManager
{
    /// <summary>The trunks of the current dial plan as the SIP request guard asks for them
    /// (<see cref="Bridge.Sip.Stack.SipEndpointOptions.Trunks"/>).</summary>
    public ISipTrunkDirectory TrunkDirectory => new DialPlanTrunkDirectory(() => _conference.Trunks);

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
