namespace Bridge.Interop.Tests.Infrastructure;

/// <summary>A bridge for the RFC 4028 / 3262 interop tests: a session-timer minimum of 4 s (so expiry takes seconds,
/// not minutes) and 300 ms of ringing before it answers (so a 180 is sent, reliably to callers asking for 100rel).</summary>
public sealed class SessionTimerBridgeFixture : IAsyncLifetime
{
    public const int SipPort = 17460;
    public const int MinimumSeconds = 4;

    public BridgeProcess Bridge { get; private set; } = null!;

    public string Target => $"127.0.0.1:{SipPort}";

    public async Task InitializeAsync() =>
        Bridge = await BridgeProcess.StartAsync(SipPort, 43100, 43199,
            [$"--Bridge:Sip:SessionTimer:MinSeconds={MinimumSeconds}", "--Bridge:Calls:AnswerDelayMs=300"]);

    public async Task DisposeAsync() => await Bridge.DisposeAsync();

    /// <summary>How many lines of the bridge's log contain <paramref name="text"/>.</summary>
    public int CountLog(string text) =>
        Bridge.ReadLog().Split('\n').Count(line => line.Contains(text, StringComparison.Ordinal));
}
