namespace Bridge.Interop.Tests.Infrastructure;

/// <summary>
/// A bridge of its own for the re-INVITE tests, with a 5 s RTP timeout so a hold of 8 s outlasts it
/// (a held call must not be dropped) while the tests stay short.
/// </summary>
public sealed class ReInviteBridgeFixture : IAsyncLifetime
{
    public const int SipPort = 19560;
    public const int RtpTimeoutSeconds = 5;
    public const int RtpLow = 49700;
    public const int RtpHigh = 49799;

    public BridgeProcess Bridge { get; private set; } = null!;

    public async Task InitializeAsync() =>
        Bridge = await BridgeProcess.StartAsync(SipPort, RtpLow, RtpHigh, [$"--Bridge:Rtp:TimeoutSeconds={RtpTimeoutSeconds}"]);

    public async Task DisposeAsync() => await Bridge.DisposeAsync();
}
