using System.Text.RegularExpressions;

namespace Bridge.DialPlans;

/// <summary>
/// The regular expressions of a dial plan (<c>dialled: '/…/'</c>, a trunk's <c>dialOut.allow</c>). They match text from
/// the network, so no pattern may take unbounded time: wherever .NET's non-backtracking engine accepts the pattern (no
/// backreferences, lookarounds or atomic groups) it is used, and it matches in time linear in the input with no
/// timeout at all. A pattern only the backtracking engine can run keeps a timeout, long enough that a busy machine
/// does not turn a slow match into a wrong answer: a 50 ms timeout once answered real callers 404 while the mixer
/// threads held both cores (the 2,000-caller load run).
/// </summary>
internal static class DialPlanRegex
{
    /// <summary>The timeout of a pattern the non-backtracking engine cannot run.</summary>
    internal static readonly TimeSpan BacktrackingTimeout = TimeSpan.FromMilliseconds(500);

    /// <summary>Compiles <paramref name="pattern"/>; an invalid one throws <see cref="ArgumentException"/> as
    /// <see cref="Regex"/> does.</summary>
    public static Regex Create(string pattern)
    {
        try
        {
            return new Regex(pattern, RegexOptions.CultureInvariant | RegexOptions.NonBacktracking);
        }
        catch (NotSupportedException)
        {
            return new Regex(pattern, RegexOptions.CultureInvariant, BacktrackingTimeout);
        }
    }
}
