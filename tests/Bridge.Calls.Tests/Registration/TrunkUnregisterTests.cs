using System.Collections.Concurrent;
using System.Diagnostics;
using Bridge.Calls.Registration;
using Bridge.DialPlans;
using Bridge.DialPlans.Trunks;
using Bridge.Sip.Stack;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Bridge.Calls.Tests.Registration;

/// <summary>A graceful stop removes the bindings the bridge holds (RFC 3261 §10.2.2: REGISTER with Expires: 0), and only those.</summary>
public sealed class TrunkUnregisterTests
{
    private const string Plan = """
        trunks:
          - name: good
            match:
              addresses: ["10.1.2.3"]
            register:
              registrar: "sip:127.0.0.1:5999"
              user: "7000"
              password: "${BRIDGE_TEST_REGISTER_PW}"
          - name: refused
            match:
              addresses: ["10.1.2.4"]
            register:
              registrar: "sip:127.0.0.1:5998"
              user: "7001"
              password: "${BRIDGE_TEST_REGISTER_PW}"
        routes:
          - dialled: "7000"
            ask: room
        """;

    [Fact]
    public async Task Disposing_sends_expires_0_for_the_registered_trunk_only()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch.AddDays(20000));
        var seen = new ConcurrentQueue<(string User, TimeSpan Expires)>();
        TrunkTable trunks = DialPlanLoader.LoadText(Plan).Plan!.Trunks;
        var registrations = new TrunkRegistrations(() => trunks, (registration, expires, _) =>
        {
            seen.Enqueue((registration.User, expires));
            return Task.FromResult(registration.User == "7000" ? new SipRegisterResult(200, "OK", expires) : new SipRegisterResult(403, "Forbidden", TimeSpan.Zero));
        }, time, NullLogger.Instance);
        registrations.Start();
        var clock = Stopwatch.StartNew();
        while (registrations.States.Count < 2)
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), "the registrations did not run");
            await Task.Delay(20);
        }

        await registrations.DisposeAsync();

        var calls = seen.ToArray();
        Assert.Equal(("7000", TimeSpan.Zero), calls[^1]);
        Assert.Single(calls, c => c.Expires == TimeSpan.Zero);
        Assert.DoesNotContain(("7001", TimeSpan.Zero), calls);
    }
}
