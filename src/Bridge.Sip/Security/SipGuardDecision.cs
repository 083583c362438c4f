namespace Bridge.Sip.Security;

/// <summary>What the guard decided about a datagram or frame before it is parsed.</summary>
internal enum SipGuardDecision
{
    /// <summary>Within the source's rate: parse and handle it.</summary>
    Allow,

    /// <summary>Over the rate or banned: drop silently (no response, nothing parsed).</summary>
    Drop,

    /// <summary>Banned, but the source has live calls: parse it and let it through only if it belongs to one of them.</summary>
    InDialogOnly,
}
