using Bridge.Media.Mixing;

namespace Bridge.Media.Tests.Mixing;

/// <summary>
/// The send stage's wake-up, on both paths (eventfd on Linux, the portable event elsewhere): a set wakes a thread that
/// waits, a set made before the wait is kept, and any number of sets before a wait wake it once.
/// </summary>
public sealed class ThreadWakeTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(5);

    public static TheoryData<bool> Paths => new() { false, true };

    [Fact]
    public void On_Linux_the_wake_is_the_kernels()
    {
        using var wake = new ThreadWake();
        Assert.Equal(OperatingSystem.IsLinux(), wake.IsKernelWake);
        using var portable = new ThreadWake(portable: true);
        Assert.False(portable.IsKernelWake);
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void A_set_wakes_the_waiting_thread(bool portable)
    {
        using var wake = new ThreadWake(portable);
        using var waiting = new ManualResetEventSlim();
        var woke = 0;
        var waiter = new Thread(() =>
        {
            waiting.Set();
            wake.Wait();
            Volatile.Write(ref woke, 1);
        }) { IsBackground = true };
        waiter.Start();
        Assert.True(waiting.Wait(Patience));
        Thread.Sleep(100); // the waiter is most likely blocked by now
        Assert.Equal(0, Volatile.Read(ref woke)); // nothing set yet: still waiting

        wake.Set();

        Assert.True(waiter.Join(Patience), "the set did not wake the waiting thread");
        Assert.Equal(1, Volatile.Read(ref woke));
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void Sets_before_a_wait_make_it_return_once(bool portable)
    {
        using var wake = new ThreadWake(portable);
        wake.Set();
        wake.Set();
        wake.Set();
        var waits = 0;
        var waiter = new Thread(() =>
        {
            wake.Wait(); // returns at once: sets are pending
            Volatile.Write(ref waits, 1);
            wake.Wait(); // the three sets were one wake: blocks until the next
            Volatile.Write(ref waits, 2);
        }) { IsBackground = true };
        waiter.Start();

        Assert.True(SpinWait.SpinUntil(() => Volatile.Read(ref waits) == 1, Patience), "a set before the wait was lost");
        Assert.False(waiter.Join(200), "three sets woke the thread more than once");
        Assert.Equal(1, Volatile.Read(ref waits));

        wake.Set();
        Assert.True(waiter.Join(Patience));
        Assert.Equal(2, Volatile.Read(ref waits));
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void After_dispose_set_and_wait_do_nothing(bool portable)
    {
        var wake = new ThreadWake(portable);
        wake.Dispose();
        wake.Set();
        wake.Wait(); // returns: nothing to wait on
        wake.Dispose();
    }
}
