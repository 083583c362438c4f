namespace Bridge.Conferencing.DialOut;

/// <summary>The answer to a dial-out request: the decision, and for <see cref="DialOutStart.Started"/> the call's status.</summary>
public sealed record DialOutTicket(DialOutStart Result, DialOutStatus? Status = null);
