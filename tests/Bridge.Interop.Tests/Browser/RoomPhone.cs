using System.Globalization;
using Bridge.Interop.Tests.Infrastructure;
using Bridge.TestKit.Audio;

namespace Bridge.Interop.Tests.Browser;

/// <summary>
/// A baresip phone in <see cref="BrowserInteropTests.Room"/> for the browser tests: it plays a 1 kHz tone, dials the room
/// from inside the loopback namespace, types the PIN when the bridge asks for it, and is returned once the bridge logged
/// it joining (masked as <c>***</c> and the last three digits of its SIP port).
/// </summary>
internal static class RoomPhone
{
    public static async Task<Baresip> JoinAsync(LoopbackNamespace space, NamespacedBridge bridge, int sipPort, int controlPort, int rtpLow, int seconds)
    {
        var source = Path.Combine(Directory.CreateTempSubdirectory("tone-").FullName, "tone1000.wav");
        WavFiles.Write(source, TestTones.Sine(1000, 8000, 8000 * seconds, amplitude: 8000), 8000);
        var phone = await Baresip.StartAsync(sipPort, controlPort, rtpLow, source, ";audio_codecs=PCMU/8000/1", space: space.Name);
        try
        {
            await phone.DialAsync($"sip:7{BrowserInteropTests.Room}@127.0.0.1:{BrowserInteropTests.SipPort}");
            Assert.True(await phone.WaitForEventAsync("CALL_ESTABLISHED", TimeSpan.FromSeconds(15)), "not established: " + string.Join('\n', phone.Events));
            await BrowserInteropTests.WaitForLogAsync(bridge, log => log.Contains($"asks for the PIN of room {BrowserInteropTests.Room}", StringComparison.Ordinal));
            await phone.SendDigitsAsync(BrowserInteropTests.Pin + "#");
            var masked = "***" + (sipPort % 1000).ToString("D3", CultureInfo.InvariantCulture);
            await BrowserInteropTests.WaitForLogAsync(bridge, log => PinLockoutInteropTests.JoinedAs(log, masked));
            return phone;
        }
        catch
        {
            await phone.DisposeAsync();
            throw;
        }
    }
}
