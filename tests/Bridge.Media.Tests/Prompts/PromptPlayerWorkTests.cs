using Bridge.Media.Prompts;

namespace Bridge.Media.Tests.Prompts;

/// <summary>
/// <see cref="PromptPlayer.HasWork"/> is what the mixer asks every participant's player each tick (it counts the queued
/// requests instead of looking into the queue): it must say yes exactly while something is queued or playing, through every
/// way a request comes and goes.
/// </summary>
public sealed class PromptPlayerWorkTests
{
    private const int Rate = 8000;
    private static readonly AudioPrompt FortyMs = AudioPrompt.FromPcm(Enumerable.Repeat((short)1000, 320).ToArray(), Rate, "forty");

    [Fact]
    public void Has_work_while_queued_or_playing_and_none_once_played_out()
    {
        var player = new PromptPlayer();
        Assert.False(player.HasWork);

        player.Enqueue([FortyMs], null);
        player.Enqueue([FortyMs], null);
        Assert.True(player.HasWork);

        var frame = new int[160];
        int played = 0;
        while (player.HasWork && played < 10)
        {
            Assert.True(player.MixInto(frame, Rate));
            played++;
        }

        Assert.Equal(4, played); // two 40 ms prompts: four 20 ms frames
        Assert.False(player.HasWork);
        Assert.False(player.MixInto(frame, Rate));
    }

    [Fact]
    public void Stopped_and_abandoned_requests_leave_no_work_behind()
    {
        var player = new PromptPlayer();
        var results = new List<PromptResult>();
        var frame = new int[160];
        player.Enqueue([FortyMs], r => { lock (results) { results.Add(r); } });
        player.Enqueue([FortyMs, FortyMs], r => { lock (results) { results.Add(r); } });
        player.Stop();
        Assert.True(player.HasWork); // the stop takes effect at the next tick
        Assert.False(player.MixInto(frame, Rate));
        Assert.False(player.HasWork);

        player.Enqueue([FortyMs], null);
        player.MixInto(frame, Rate);
        player.Enqueue([FortyMs], null);
        player.Abandon();
        Assert.False(player.HasWork);
        Assert.True(SpinWait.SpinUntil(() => { lock (results) { return results.Count == 2; } }, TimeSpan.FromSeconds(5)));
        Assert.All(results, r => Assert.Equal(PromptResult.Stopped, r));
    }

    [Fact]
    public void A_take_over_moves_the_work_with_the_requests()
    {
        var previous = new PromptPlayer();
        var heir = new PromptPlayer();
        var frame = new int[160];
        previous.Enqueue([FortyMs], null);
        previous.Enqueue([FortyMs], null);
        previous.MixInto(frame, Rate); // halfway through the first

        heir.TakeOver(previous);
        Assert.False(previous.HasWork);
        Assert.True(heir.HasWork);
        int played = 0;
        while (heir.HasWork && played < 10)
        {
            heir.MixInto(frame, Rate);
            played++;
        }

        Assert.Equal(3, played); // the rest of the first prompt, then the second
    }

    [Fact]
    public void Requests_queued_from_other_threads_while_it_plays_are_all_counted()
    {
        var player = new PromptPlayer();
        var frame = new int[160];
        const int PerThread = 500;
        var threads = Enumerable.Range(0, 4).Select(_ => new Thread(() =>
        {
            for (int i = 0; i < PerThread; i++)
            {
                player.Enqueue([FortyMs], null);
            }
        })).ToList();
        threads.ForEach(t => t.Start());
        int frames = 0;
        while (threads.Exists(t => t.IsAlive) || player.HasWork)
        {
            if (player.MixInto(frame, Rate))
            {
                frames++;
            }
        }

        Assert.Equal(4 * PerThread * 2, frames);
        Assert.False(player.HasWork);
    }
}
