using Bridge.Service.Configuration;
using Bridge.Service.Hosting;
using Microsoft.Extensions.Logging.Abstractions;

namespace Bridge.Service.Tests.Hosting;

/// <summary>
/// The pacer collects generation 1 itself once it holds the configured size, so a join storm's long-lived call state does
/// not pile up into one long collection (issue 14); 0 leaves it to the runtime.
/// </summary>
[Collection(GcPacerTests.Name)]
public sealed class GcPacerTests
{
    internal const string Name = "garbage collector (process-wide)";

    [Theory]
    [InlineData(11L * 1024 * 1024, 12, false)]
    [InlineData(12L * 1024 * 1024, 12, true)]
    [InlineData(500L * 1024 * 1024, 0, false)]
    public void Gen1_is_due_at_the_limit(long gen1Bytes, int limitMiB, bool due) =>
        Assert.Equal(due, GcPacer.IsDue(gen1Bytes, limitMiB));

    [Fact]
    public async Task Survivors_piling_up_in_gen1_past_the_limit_are_collected_by_the_pacer()
    {
        using var pacer = new GcPacer(new BridgeOptions { Gen1LimitMiB = 2 }, NullLogger<GcPacer>.Instance);
        await pacer.StartAsync(CancellationToken.None);
        var kept = new List<byte[]>();
        try
        {
            // Call state that outlives gen0: 1 KB objects kept, 24 MiB in all, in gen0 collections of the runtime's own.
            for (int round = 0; round < 24 && pacer.Collections == 0; round++)
            {
                for (int i = 0; i < 1024; i++)
                {
                    kept.Add(new byte[1000]);
                }

                GC.Collect(0, GCCollectionMode.Forced, blocking: true);
                await Task.Delay(120); // the pacer looks every 50 ms while young collections come
            }

            Assert.True(pacer.Collections > 0, "gen1 grew past 2 MiB and the pacer did not collect it");
        }
        finally
        {
            await pacer.StopAsync(CancellationToken.None);
            GC.KeepAlive(kept);
        }
    }

    [Fact]
    public async Task At_0_no_thread_runs_and_nothing_is_collected()
    {
        using var pacer = new GcPacer(new BridgeOptions { Gen1LimitMiB = 0 }, NullLogger<GcPacer>.Instance);
        await pacer.StartAsync(CancellationToken.None);
        var kept = new List<byte[]>();
        for (int i = 0; i < 8 * 1024; i++)
        {
            kept.Add(new byte[1000]);
        }

        GC.Collect(0, GCCollectionMode.Forced, blocking: true);
        await Task.Delay(200);
        await pacer.StopAsync(CancellationToken.None);
        Assert.Equal(0, pacer.Collections);
        GC.KeepAlive(kept);
    }
}

[CollectionDefinition(GcPacerTests.Name, DisableParallelization = true)]
public sealed class GcPacerCollection;
