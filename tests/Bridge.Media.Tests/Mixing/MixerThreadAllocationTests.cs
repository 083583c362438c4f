using Bridge.Media.Codecs;
using Bridge.Media.Mixing;
using Bridge.Media.Prompts;

namespace Bridge.Media.Tests.Mixing;

/// <summary>
/// What a join storm makes a mixer thread do besides mixing (callers leaving behind their last payloads, IVR prompts
/// ending) allocates nothing there: an allocation on the mixer thread can make it wait for a whole collection that another
/// thread has started, and a storm trace showed such waits ending in overruns (issue 14).
/// </summary>
public sealed class MixerThreadAllocationTests
{
    [Fact]
    public void Departures_queued_behind_payloads_and_prompts_ending_allocate_nothing_on_the_ticking_thread()
    {
        var room = new MixRoom("storm");
        var prompt = AudioPrompt.FromPcm(new short[320], 8000, "short"); // 40 ms
        var members = new List<MixParticipant>();
        for (int i = 0; i < 20; i++)
        {
            members.Add(room.Join(new TestPortNoDecode(AudioCodecs.Pcmu, i < 3 ? 440 + (100 * i) : 0)));
        }

        // The send stage's batches, made and sized off the mixer thread.
        var batches = new SendBatch[12];
        for (int i = 0; i < batches.Length; i++)
        {
            batches[i] = new SendBatch();
            batches[i].Reserve(256, 256 * 200);
        }

        for (int tick = 0; tick < 5; tick++)
        {
            room.Tick(batches[0]);
            batches[0].Send();
        }

        int completed = 0;
        foreach (MixParticipant member in members.Take(10))
        {
            member.Play(prompt, _ => Interlocked.Increment(ref completed));
        }

        foreach (MixParticipant member in members.Skip(10))
        {
            room.Leave(member);
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int tick = 1; tick < batches.Length; tick++)
        {
            room.Tick(batches[tick]);
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        // Then the send thread's part: the departures run behind the payloads queued before them.
        for (int tick = 1; tick < batches.Length; tick++)
        {
            batches[tick].Send();
        }

        Assert.Equal(0, allocated);
        Assert.True(SpinWait.SpinUntil(() => Volatile.Read(ref completed) == 10, TimeSpan.FromSeconds(5)), $"{Volatile.Read(ref completed)} of 10 prompts reported their end");
        Assert.All(members.Skip(10), m => Assert.True(m.Gone.IsCompleted, "a leaver was not let go"));
    }
}
