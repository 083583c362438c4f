namespace Bridge.Sip.Messages;

/// <summary>
/// The caller identity of a request: the user of <c>P-Asserted-Identity</c> (RFC 3325 §9.1) when the sender is a trusted
/// trunk, otherwise the From user (RFC 3261 §8.1.1.3). A <c>P-Asserted-Identity</c> from anyone else means nothing
/// (RFC 3325 §5: it is believed only inside a trust domain).
/// </summary>
public static class SipAssertedIdentity
{
    /// <summary>The header's name.</summary>
    public const string HeaderName = "P-Asserted-Identity";

    /// <summary>The user (a <c>sip:</c>/<c>sips:</c> user part or a <c>tel:</c> number) of the first asserted identity,
    /// or null when the header is absent or unreadable.</summary>
    public static string? AssertedUser(SipMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var value = message.Headers[HeaderName];
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        // RFC 3325 §9.1 allows a sip and a tel identity, comma-separated; either names the caller.
        var comma = SipListSplitter.IndexOfSeparator(value);
        var first = comma < 0 ? value.AsSpan() : value.AsSpan(0, comma);
        return SipNameAddress.TryParse(first.Trim(), out var address) && !string.IsNullOrEmpty(address.Uri.User)
            ? address.Uri.User
            : null;
    }

    /// <summary>The caller of <paramref name="request"/>: the asserted user when <paramref name="trustAsserted"/> and one
    /// is present, otherwise the From user; empty when neither has a user part.</summary>
    public static string CallerOf(SipRequest request, bool trustAsserted)
    {
        ArgumentNullException.ThrowIfNull(request);
        return (trustAsserted ? AssertedUser(request) : null) ?? request.From?.Uri.User ?? string.Empty;
    }
}
