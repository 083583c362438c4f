using Bridge.Interop.Tests.Infrastructure;
using Bridge.TestKit.Audio;

namespace Bridge.Interop.Tests;

/// <summary>Issue #4: stopping the service (SIGTERM, as systemctl stop does) hangs up every call with BYE and exits cleanly.</summary>
public sealed class GracefulStopInteropTests
{
    [Fact]
    public async Task A_stopped_service_sends_BYE_to_a_call_in_progress_and_exits_0()
    {
        var bridge = await BridgeProcess.StartAsync(19260, 49600, 49699);
        var source = Path.Combine(Directory.CreateTempSubdirectory("tone-").FullName, "tone.wav");
        WavFiles.Write(source, TestTones.Sine(700, 8000, 8000 * 60), 8000);
        await using var phone = await Baresip.StartAsync(19280, 4880, 29500, source, ";audio_codecs=PCMU/8000/1");
        try
        {
            await phone.DialAsync("sip:echo@127.0.0.1:19260");
            Assert.True(await phone.WaitForEventAsync("CALL_ESTABLISHED", TimeSpan.FromSeconds(15)), "not established");
            // The bridge has the call once its IVR started it: only then is there a call for the stop to hang up.
            await bridge.WaitForCallStartAsync(BridgeLogWait.PhoneUserTail(19280), TimeSpan.FromSeconds(10));
        }
        finally
        {
            await bridge.DisposeAsync();
        }

        Assert.True(await phone.WaitForEventAsync("CALL_CLOSED", TimeSpan.FromSeconds(5)), "the phone got no BYE when the service stopped");
        Assert.Equal(0, bridge.ExitCode);
        Assert.Contains("terminated: LocalBye", bridge.ReadLog(), StringComparison.Ordinal);
    }
}
