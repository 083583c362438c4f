using System.Collections.Concurrent;

namespace Bridge.Conferencing.Tests;

public sealed class SerialQueueTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task ActionsFromManyThreadsNeverOverlap()
    {
        var errors = new ConcurrentQueue<Exception>();
        var queue = new SerialQueue(errors.Enqueue);
        var counter = 0; // deliberately not atomic: only serial execution keeps it exact
        var inside = 0;
        var overlaps = 0;

        var workers = Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
        {
            for (var i = 0; i < 20_000; i++)
            {
                queue.Post(() =>
                {
                    if (Interlocked.Increment(ref inside) != 1)
                    {
                        Interlocked.Increment(ref overlaps);
                    }

                    counter++;
                    Interlocked.Decrement(ref inside);
                });
            }
        })).ToArray();
        await Task.WhenAll(workers);
        queue.Complete();
        await queue.Completion.WaitAsync(Timeout);

        Assert.Empty(errors);
        Assert.Equal(80_000, counter);
        Assert.Equal(0, overlaps);
    }

    [Fact]
    public async Task ActionsNeverRunOnThePostingThread()
    {
        // A mixer thread posts digits: the IVR must run on the queue's own consumer, and Post must return first.
        var queue = new SerialQueue(_ => { });
        var poster = Environment.CurrentManagedThreadId;
        var ranOn = new ConcurrentBag<int>();
        using var release = new ManualResetEventSlim();
        queue.Post(() => release.Wait(Timeout)); // holds the consumer
        var posted = new Thread(() =>
        {
            for (var i = 0; i < 100; i++)
            {
                queue.Post(() => ranOn.Add(Environment.CurrentManagedThreadId));
            }
        });
        posted.Start();
        Assert.True(posted.Join(Timeout), "Post blocked behind a running action");
        Assert.Empty(ranOn);
        release.Set();
        queue.Complete();
        await queue.Completion.WaitAsync(Timeout);

        Assert.Equal(100, ranOn.Count);
        Assert.DoesNotContain(poster, ranOn);
        Assert.DoesNotContain(posted.ManagedThreadId, ranOn);
    }

    [Fact]
    public async Task ActionPostedFromInsideRunsAfterTheCurrentOne()
    {
        var queue = new SerialQueue(ex => { });
        var order = new List<string>();

        queue.Post(() =>
        {
            order.Add("outer start");
            queue.Post(() =>
            {
                order.Add("inner");
                queue.Complete();
            });
            order.Add("outer end");
        });

        await queue.Completion.WaitAsync(Timeout);
        Assert.Equal(["outer start", "outer end", "inner"], order);
    }

    [Fact]
    public async Task AFailingActionDoesNotStopTheQueue()
    {
        var errors = new ConcurrentQueue<Exception>();
        var queue = new SerialQueue(errors.Enqueue);
        var ran = false;

        queue.Post(() => throw new InvalidOperationException("boom"));
        queue.Post(() => ran = true);
        queue.Complete();
        await queue.Completion.WaitAsync(Timeout);

        Assert.Single(errors);
        Assert.True(ran);
    }
}
