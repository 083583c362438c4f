using Bridge.Sip.Dialogs;

namespace Bridge.Sip.Stack;

/// <summary>Outcome of <see cref="SipEndpoint.CallAsync"/>: the final status and, for a 2xx, the confirmed session.
/// Local failures are reported with the status RFC 3261 §8.1.3.1 suggests: 408 for a timeout, 503 for a transport
/// error; 487 when the caller's token cancelled the call.</summary>
public sealed record OutgoingCallResult(int StatusCode, string ReasonPhrase, InviteSession? Session)
{
    /// <summary>True when the call was answered with a 2xx and ACKed.</summary>
    public bool IsAnswered => Session is not null;

    /// <summary>True when no final response came from the server (the 408/503 are local: timeout or transport error),
    /// so RFC 3263 §4.3 lets the caller try the next server.</summary>
    public bool Unreached { get; init; }
}
