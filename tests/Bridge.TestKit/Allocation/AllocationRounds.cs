using Xunit;

namespace Bridge.TestKit.Allocation;

/// <summary>
/// Whether work allocates on the test thread (<see cref="GC.GetAllocatedBytesForCurrentThread"/>), measured over several
/// rounds of it. A hot path that allocates per packet or per frame allocates in every round; the runtime's own one-time
/// work on the test thread (a type or thread-static set up on first use, a method's compiled form replaced while the loop
/// runs) lands in one round at most. So the fewest bytes of any round is what the work itself costs, and that must be
/// zero; the rounds' figures go into the failure message. A CI run once saw 1,440 bytes in a single 1,000-packet
/// forwarding loop whose code allocates nothing, and it did not happen again in reruns.
/// </summary>
public static class AllocationRounds
{
    /// <summary>Runs <paramref name="round"/> <paramref name="rounds"/> times on this thread and fails the test unless one
    /// of the rounds allocated nothing.</summary>
    public static void AssertNone(Action round, int rounds = 3)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rounds, 2);
        var bytes = new long[rounds];
        for (var i = 0; i < rounds; i++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            round();
            bytes[i] = GC.GetAllocatedBytesForCurrentThread() - before;
        }

        Assert.True(bytes.Min() == 0, string.Join(", ", bytes) + " bytes in the rounds");
    }
}
