using System.Text.RegularExpressions;

namespace Bridge.DialPlans.Tests;

/// <summary>Dial plan patterns run without a timeout wherever the non-backtracking engine takes them, so a busy machine
/// cannot turn a slow match into a 404 for a real caller; the rest keep a generous timeout.</summary>
public sealed class DialPlanRegexTests
{
    [Theory]
    [InlineData(@"^7(\d{4})$", "75001", "5001")]
    [InlineData(@"^(?:\+49711)?(\d{3,5})$", "+4971112345", "12345")]
    [InlineData(@"^(4711|4712)$", "4712", "4712")]
    public void Ordinary_patterns_run_on_the_non_backtracking_engine_with_the_same_captures(string pattern, string input, string group)
    {
        var regex = DialPlanRegex.Create(pattern);

        Assert.True((regex.Options & RegexOptions.NonBacktracking) != 0);
        Assert.Equal(Regex.InfiniteMatchTimeout, regex.MatchTimeout);
        var match = regex.Match(input);
        Assert.True(match.Success);
        Assert.Equal(group, match.Groups[1].Value);
    }

    [Theory]
    [InlineData(@"^(\d)\1+$", "7777", true)]
    [InlineData(@"^(?!0900)\d+$", "09001234", false)]
    public void Patterns_only_backtracking_can_run_still_work_with_a_timeout(string pattern, string input, bool matches)
    {
        var regex = DialPlanRegex.Create(pattern);

        Assert.Equal(RegexOptions.None, regex.Options & RegexOptions.NonBacktracking);
        Assert.Equal(DialPlanRegex.BacktrackingTimeout, regex.MatchTimeout);
        Assert.Equal(matches, regex.IsMatch(input));
    }

    [Fact]
    public void A_pattern_that_would_backtrack_catastrophically_answers_at_once()
    {
        var regex = DialPlanRegex.Create(@"^(\d+)+$");
        var clock = System.Diagnostics.Stopwatch.StartNew();

        Assert.DoesNotMatch(regex, new string('1', 40) + "x");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), "took " + clock.Elapsed);
    }

    [Fact]
    public void An_invalid_pattern_still_throws_for_the_loader_to_report()
    {
        Assert.ThrowsAny<ArgumentException>(() => DialPlanRegex.Create("^(7"));
    }
}
