namespace Bridge.Sip.Auth;

/// <summary>What the bridge answers a digest challenge to its own request with (RFC 3261 §22.2): the username and a
/// function that reads the password at that moment (null: unavailable). Never logged.</summary>
public sealed record SipCredentials(string User, Func<string?> Password);
