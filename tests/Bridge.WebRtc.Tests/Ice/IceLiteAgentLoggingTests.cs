using System.Net;
using Bridge.WebRtc.Ice;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Bridge.WebRtc.Tests.Ice;

/// <summary>Rejections are logged at most once per 10 s with a count; the ICE password never appears.</summary>
public sealed class IceLiteAgentLoggingTests
{
    [Fact]
    public void RejectedChecksAreRateLimitedAndThePasswordIsNeverLogged()
    {
        var time = new FakeTimeProvider();
        var logger = new RecordingLogger();
        var local = IceCredentials.Generate();
        using var agent = new IceLiteAgent(local, [new IPEndPoint(IPAddress.Loopback, 40000)], time, logger);
        agent.SetRemoteUfrag("Brws");
        var source = new IPEndPoint(IPAddress.Parse("192.0.2.10"), 50000).Serialize();
        var response = new byte[IceLiteAgent.MinimumResponseBufferLength];
        var bad = HandBuiltStun.BindingRequest(new() { Username = local.Ufrag + ":Brws", Password = "WrongPasswordWrongPassword" });

        for (var i = 0; i < 100; i++)
        {
            agent.HandleStun(bad, source, response, out _);
        }

        time.Advance(TimeSpan.FromSeconds(10));
        agent.HandleStun(bad, source, response, out _);
        var good = HandBuiltStun.BindingRequest(new() { Username = local.Ufrag + ":Brws", Password = local.Password, UseCandidate = true });
        agent.HandleStun(good, source, response, out _);

        var warnings = logger.Entries.Where(e => e.Level == LogLevel.Warning).Select(e => e.Text).ToList();
        Assert.Equal(2, warnings.Count);
        Assert.Contains("Unauthorized", warnings[0], StringComparison.Ordinal);
        Assert.Contains("(99 more rejected", warnings[1], StringComparison.Ordinal);
        Assert.Single(logger.Entries, e => e.Level == LogLevel.Information && e.Text.Contains("192.0.2.10:50000", StringComparison.Ordinal));
        Assert.DoesNotContain(logger.Entries, e => e.Text.Contains(local.Password, StringComparison.Ordinal));
    }
}
