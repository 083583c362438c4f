namespace Bridge.DialPlans.Trunks;

/// <summary>
/// The optional <c>register:</c> block of a trunk: the bridge registers to the PBX as an extension
/// (RFC 3261 §10.2) with digest authentication, and refreshes before <see cref="Expires"/> runs out.
/// </summary>
public sealed record TrunkRegistration
{
    /// <summary>Default and bounds of <see cref="Expires"/> in seconds (RFC 3261 §10.2.1.1 leaves it to the registrar).</summary>
    public const int DefaultExpires = 300;
    internal const int MinExpires = 60;
    internal const int MaxExpires = 86400;

    /// <summary>The registrar's URI (<c>sip:pbx.example.org</c>, <c>sips:…</c>, optionally with a port).</summary>
    public required string Registrar { get; init; }

    /// <summary>The extension the bridge registers as (user part of the To/From address-of-record).</summary>
    public required string User { get; init; }

    /// <summary>The digest username; <see cref="User"/> when not given.</summary>
    public required string AuthUser { get; init; }

    /// <summary>Where the password comes from (never the password itself).</summary>
    public required SecretReference Password { get; init; }

    /// <summary>Registration lifetime asked for, in seconds.</summary>
    public int Expires { get; init; } = DefaultExpires;
}
