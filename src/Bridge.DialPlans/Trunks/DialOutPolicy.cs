using System.Text.RegularExpressions;

namespace Bridge.DialPlans.Trunks;

/// <summary>
/// The <c>dialOut:</c> block of a trunk: the numbers a moderator may call through it. A number must match one of
/// <see cref="Allow"/> in full, so a stolen moderator PIN cannot reach premium-rate numbers.
/// </summary>
public sealed record DialOutPolicy
{
    /// <summary>Patterns from the file, as written (<c>/^\d{2,5}$/</c>).</summary>
    public required IReadOnlyList<string> AllowText { get; init; }

    internal IReadOnlyList<Regex> Allow { get; init; } = [];

    /// <summary>Default of <see cref="RingSeconds"/>.</summary>
    public const int DefaultRingSeconds = 30;
    internal const int MinRingSeconds = 5;
    internal const int MaxRingSeconds = 300;

    /// <summary>How long a call out may ring before the bridge gives up with CANCEL (RFC 3261 §9.1).</summary>
    public int RingSeconds { get; init; } = DefaultRingSeconds;

    /// <summary>Where calls out are sent (<c>sip:pbx.example.org</c>); null = the trunk's registrar. A host name is
    /// resolved with RFC 3263 (NAPTR, SRV, A/AAAA).</summary>
    public string? Target { get; init; }

    /// <summary>Whether <paramref name="number"/> may be called. A regex that times out counts as no match.</summary>
    public bool Permits(string number)
    {
        ArgumentNullException.ThrowIfNull(number);
        if (number.Length is 0 or > DialPlan.MaxDialledLength)
        {
            return false;
        }

        foreach (var pattern in Allow)
        {
            try
            {
                if (pattern.IsMatch(number))
                {
                    return true;
                }
            }
            catch (RegexMatchTimeoutException)
            {
                // no match
            }
        }

        return false;
    }
}
