using Bridge.Conferencing.Pins;
using Bridge.Conferencing.Prompts;
using Bridge.Conferencing.Tests.Fakes;

namespace Bridge.Conferencing.Tests.Pins;

/// <summary>Issue #8: PBKDF2 checks run with bounded concurrency; attempts beyond the bound are refused at once.</summary>
public sealed class PinCheckLimiterTests
{
    [Fact]
    public void NoMoreThanTheBoundRunAtOnceAndTheRestWaitOrAreRefused()
    {
        var workers = new Queue<Action>();
        var limiter = new PinCheckLimiter(maxConcurrent: 2, maxWaiting: 3, workers.Enqueue);
        var ran = new List<int>();
        for (var i = 0; i < 5; i++)
        {
            var n = i;
            Assert.True(limiter.TryRun(() => ran.Add(n)));
        }

        Assert.False(limiter.TryRun(() => ran.Add(99)));
        Assert.Equal(1, limiter.Refused);
        Assert.Equal(2, workers.Count); // only two workers were started
        Assert.Equal((2, 3), (limiter.Running, limiter.Waiting));

        workers.Dequeue()(); // one worker drains what waits, one check after the other
        Assert.Equal([0, 2, 3, 4], ran);
        Assert.Equal((1, 0), (limiter.Running, limiter.Waiting));
        workers.Dequeue()();
        Assert.Equal([0, 2, 3, 4, 1], ran);
        Assert.Equal(0, limiter.Running);
        Assert.True(limiter.TryRun(() => ran.Add(5)));
    }

    [Fact]
    public void RealThreadsNeverExceedTheBound()
    {
        var limiter = new PinCheckLimiter(2, 1000, work => ThreadPool.UnsafeQueueUserWorkItem(static w => w(), work, preferLocal: false));
        var current = 0;
        var peak = 0;
        using var done = new CountdownEvent(40);
        for (var i = 0; i < 40; i++)
        {
            Assert.True(limiter.TryRun(() =>
            {
                var now = Interlocked.Increment(ref current);
                InterlockedMax(ref peak, now);
                Thread.Sleep(2);
                Interlocked.Decrement(ref current);
                done.Signal();
            }));
        }

        Assert.True(done.Wait(TimeSpan.FromSeconds(30)));
        Assert.InRange(Volatile.Read(ref peak), 1, 2);
    }

    [Fact]
    public void AFailingCheckGivesItsSlotBack()
    {
        var workers = new Queue<Action>();
        var limiter = new PinCheckLimiter(1, 1, workers.Enqueue);
        var ran = false;
        Assert.True(limiter.TryRun(() => throw new InvalidOperationException("boom")));
        Assert.True(limiter.TryRun(() => ran = true));
        workers.Dequeue()();

        Assert.True(ran);
        Assert.Equal(0, limiter.Running);
    }

    [Fact]
    public void ACallerBeyondTheBoundHearsNotPossibleWithoutACheckAndMayTryAgain()
    {
        var background = new Queue<Action>();
        var h = new Harness(options: new ConferenceOptions { RunInBackground = background.Enqueue, MaxConcurrentPinChecks = 1, MaxWaitingPinChecks = 0 });
        var (_, first) = h.Dial("74717", user: "first");
        Harness.Type(first, "909090#"); // takes the only slot
        var (second, secondCall) = h.Dial("74717", user: "second");
        Harness.Type(secondCall, "909090#");

        Assert.Equal([PromptId.NotPossible, PromptId.EnterPin], second.Last);
        Assert.Single(background);
        Assert.Contains(h.Logs.Lines, l => l.Contains("too many PIN checks are waiting", StringComparison.Ordinal));
        Assert.DoesNotContain(h.Logs.Lines, l => l.StartsWith("SECURITY pin-failure", StringComparison.Ordinal)); // not a wrong PIN

        background.Dequeue()();
        Assert.Equal(ConferenceRole.Participant, first.Role);
        Harness.Type(secondCall, "909090#"); // the slot is free again
        background.Dequeue()();
        Assert.Equal(ConferenceRole.Participant, secondCall.Role);
    }

    [Fact]
    public void TheDefaultUsesHalfTheCores() =>
        Assert.Equal(Math.Max(1, Environment.ProcessorCount / 2), new ConferenceOptions().MaxConcurrentPinChecks);

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }
}
