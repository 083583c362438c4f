namespace Bridge.TestKit.Skipping;

/// <summary>Dynamic skips for <see cref="SkippableFactAttribute"/> tests (xunit 2 has none of its own).</summary>
public static class Skip
{
    /// <summary>Ends the test as skipped with <paramref name="reason"/> when <paramref name="condition"/> holds.</summary>
    public static void If(bool condition, string reason)
    {
        if (condition)
        {
            throw new SkipException(reason);
        }
    }
}
