namespace Bridge.Sip.Auth;

/// <summary>Digest hash algorithms for SIP (RFC 8760 §2: SHA-256 added to MD5; the <c>-sess</c> variants are not used).</summary>
public enum DigestAlgorithm
{
    /// <summary><c>MD5</c> (RFC 3261 §22.4, RFC 7616 §3.2).</summary>
    Md5,

    /// <summary><c>SHA-256</c> (RFC 8760 §2.2, RFC 7616 §3.2).</summary>
    Sha256,
}
