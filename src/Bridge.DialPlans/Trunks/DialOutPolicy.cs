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
