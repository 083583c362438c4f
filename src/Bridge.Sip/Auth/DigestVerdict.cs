namespace Bridge.Sip.Auth;

/// <summary>What <see cref="SipDigestServer.Verify"/> found in a request's credentials.</summary>
public enum DigestVerdict
{
    /// <summary>No credentials for our realm: challenge (401).</summary>
    Missing,

    /// <summary>The right password and a fresh nonce of ours.</summary>
    Valid,

    /// <summary>The right password but an old (or unknown, e.g. from before a restart) nonce: challenge again with <c>stale=true</c>.</summary>
    Stale,

    /// <summary>Wrong password, unknown user, or malformed credentials: 403 (RFC 3261 §22.1 leaves the answer to the UAS; after
    /// a challenge a second 401 would only invite guessing).</summary>
    Invalid,
}
