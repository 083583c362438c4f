namespace Bridge.Sip.Messages;

/// <summary>One header field line (RFC 3261 §7.3): the canonical long name and its value as received or set.</summary>
public readonly record struct SipHeader(string Name, string Value);
