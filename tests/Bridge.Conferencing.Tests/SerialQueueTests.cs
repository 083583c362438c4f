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
    [Fact]
    public async Task ActionsRunOnTheQueuesOwnThreadNotThePool()
    {
        // In a join storm the thread pool is short of threads: the control path must not wait for one (issue 14).
        var queue = new SerialQueue(_ => { });
        var ran = new TaskCompletionSource<(bool Pool, string? Name)>(TaskCreationOptions.RunContinuationsAsynchronously);

        queue.Post(() => ran.TrySetResult((Thread.CurrentThread.IsThreadPoolThread, Thread.CurrentThread.Name)));
        var (pool, name) = await ran.Task.WaitAsync(Timeout);
        queue.Complete();
        await queue.Completion.WaitAsync(Timeout);

        Assert.False(pool);
        Assert.Equal("conference-queue", name);
    }

    [Fact]
    public async Task EveryPostWakesTheIdleConsumer()
    {
        // Each action is posted only after the previous one ran, so the consumer goes idle and is woken 20,000 times;
        // posts from two threads race its going idle. A lost wake-up hangs here.
        var queue = new SerialQueue(_ => { });
        async Task PostOneAtATime()
        {
            for (var i = 0; i < 10_000; i++)
            {
                var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                queue.Post(() => done.TrySetResult());
                await done.Task.WaitAsync(Timeout);
            }
        }

        await Task.WhenAll(Task.Run(PostOneAtATime), Task.Run(PostOneAtATime));
        queue.Complete();
        await queue.Completion.WaitAsync(Timeout);
    }
}
