namespace Bridge.Conferencing.Tests;

public sealed class SerialQueueTests
{
    [Fact]
    public async Task ActionsFromManyThreadsNeverOverlap()
    {
        var queue = new SerialQueue(ex => Assert.Fail(ex.ToString()));
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

        Assert.Equal(80_000, counter);
        Assert.Equal(0, overlaps);
    }

    [Fact]
    public void ActionPostedFromInsideRunsAfterTheCurrentOne()
    {
        var queue = new SerialQueue(ex => Assert.Fail(ex.ToString()));
        var order = new List<string>();

        queue.Post(() =>
        {
            order.Add("outer start");
            queue.Post(() => order.Add("inner"));
            order.Add("outer end");
        });

        Assert.Equal(["outer start", "outer end", "inner"], order);
    }

    [Fact]
    public void AFailingActionDoesNotStopTheQueue()
    {
        var errors = new List<Exception>();
        var queue = new SerialQueue(errors.Add);
        var ran = false;

        queue.Post(() => throw new InvalidOperationException("boom"));
        queue.Post(() => ran = true);

        Assert.Single(errors);
        Assert.True(ran);
    }
}
