using Bridge.TestKit.Audio;

namespace Bridge.Interop.Tests.Infrastructure;

/// <summary>
/// The bridge of the issue #4 access tests (SIP 17060, RTP 44000–44999, a fresh data directory so no PIN
/// lockout survives from an earlier run) with one baresip phone already in room 4711 playing 1 kHz:
/// the sound a caller must hear once admitted, and must never hear before.
/// </summary>
public sealed class ConferenceAccessFixture : IAsyncLifetime
{
    public const int SipPort = 17060;

    public const double RoomTone = 1000;

    public BridgeProcess Bridge { get; private set; } = null!;

    public Baresip RoomPhone { get; private set; } = null!;

    public string Uri(string dialled) => $"sip:{dialled}@127.0.0.1:{SipPort}";

    public async Task InitializeAsync()
    {
        Bridge = await BridgeProcess.StartAsync(SipPort, 44000, 44999);
        var source = Path.Combine(Directory.CreateTempSubdirectory("tone-").FullName, "room1000.wav");
        WavFiles.Write(source, TestTones.Sine(RoomTone, 8000, 8000 * 300, amplitude: 8000), 8000);
        RoomPhone = await Baresip.StartAsync(17100, 4600, 26100, source, ";audio_codecs=PCMU/8000/1");
        await RoomPhone.DialAsync(Uri("74711"));
        if (!await RoomPhone.WaitForEventAsync("CALL_ESTABLISHED", TimeSpan.FromSeconds(15)))
        {
            throw new InvalidOperationException("the room phone's call was not established:\n" + string.Join('\n', RoomPhone.Events));
        }

        var callId = await Bridge.WaitForCallStartAsync(BridgeLogWait.PhoneUserTail(17100), TimeSpan.FromSeconds(10));
        await Bridge.WaitForPinPromptAsync(callId, "4711", TimeSpan.FromSeconds(10));
        await RoomPhone.SendDigitsAsync("246810#");
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!Bridge.ReadLog().Contains("joined room 4711 as Participant", StringComparison.Ordinal))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException("the room phone did not join room 4711:\n" + Bridge.ReadLog());
            }

            await Task.Delay(200);
        }
    }

    public async Task DisposeAsync()
    {
        await RoomPhone.DisposeAsync();
        await Bridge.DisposeAsync();
    }
}
