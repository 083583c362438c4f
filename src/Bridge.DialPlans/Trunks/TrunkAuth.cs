namespace Bridge.DialPlans.Trunks;

/// <summary>Whether the bridge demands digest credentials (RFC 3261 §22, RFC 7616, RFC 8760) from a trunk.</summary>
public enum TrunkAuth
{
    /// <summary>No challenge: the trunk is recognised by its address or certificate only.</summary>
    None,

    /// <summary>Requests are challenged with 401 and must carry the trunk's credentials.</summary>
    Digest,
}
