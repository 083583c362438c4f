namespace Bridge.TestKit.Skipping;

/// <summary>Thrown by a <see cref="SkippableFactAttribute"/> test that cannot judge (e.g. the machine is too loaded):
/// the run reports it as skipped with this message, never as passed.</summary>
public sealed class SkipException : Exception
{
    public SkipException()
    {
    }

    public SkipException(string reason)
        : base(reason)
    {
    }

    public SkipException(string reason, Exception inner)
        : base(reason, inner)
    {
    }
}
