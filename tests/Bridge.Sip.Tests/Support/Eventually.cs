namespace Bridge.Sip.Tests.Support;

/// <summary>Waits (real time, bounded) for work that the stack hands to the thread pool.</summary>
internal static class Eventually
{
    public static async Task True(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail("Timed out waiting for: " + what);
            }

            await Task.Delay(10);
        }
    }
}
