namespace Bridge.Service;

/// <summary>Entry point of the <c>bridge</c> command; the host is wired up by the service issue.</summary>
internal static class Program
{
    private static int Main() => 0;
}
