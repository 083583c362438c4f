using System.Collections.Concurrent;
using System.Diagnostics;
using Bridge.Calls.Registration;
using Bridge.DialPlans;
using Bridge.DialPlans.Trunks;
using Bridge.Sip.Stack;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Bridge.Calls.Tests.Registration;

/// <summary>A reload that drops a registration removes its binding (RFC 3261 §10.2.2: Expires: 0); one that changes the
/// address of record removes the old binding before registering the new one; one that keeps it just registers again.</summary>
public sealed class TrunkReloadUnregisterTests : IAsyncDisposable
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UnixEpoch.AddDays(20000));
    private readonly ConcurrentQueue<(string User, TimeSpan Expires)> _seen = new();
    private readonly TrunkRegistrations _registrations;
    private volatile TrunkTable _trunks;

    public TrunkReloadUnregisterTests()
    {
        _trunks = Load(Trunk("good", "7000", 300) + Trunk("refused", "7001", 300));
        _registrations = new TrunkRegistrations(() => _trunks, (registration, expires, _) =>
        {
            _seen.Enqueue((registration.User, expires));
            return Task.FromResult(registration.User == "7001" ? new SipRegisterResult(403, "Forbidden", TimeSpan.Zero) : new SipRegisterResult(200, "OK", expires));
        }, _time, NullLogger.Instance);
    }

    public async ValueTask DisposeAsync() => await _registrations.DisposeAsync();

    private static string Trunk(string name, string user, int expires, string registrar = "sip:127.0.0.1:5999") => $"""
          - name: {name}
            match:
              addresses: ["10.1.2.{user[^1]}"]
            register:
              registrar: "{registrar}"
              user: "{user}"
              password: "${"{"}BRIDGE_TEST_REGISTER_PW{"}"}"
              expires: {expires}

        """;

    private static TrunkTable Load(string trunks)
    {
        var result = DialPlanLoader.LoadText("trunks:\n" + (trunks.Length == 0 ? "  []\n" : trunks) + "routes:\n  - dialled: \"7000\"\n    ask: room\n");
        Assert.True(result.Plan is not null, string.Join("\n", result.Errors));
        return result.Plan.Trunks;
    }

    /// <summary>Lets the supervisor look at the plan (every 2 s of fake time) until <paramref name="done"/> holds.</summary>
    private async Task RunUntilAsync(Func<(string User, TimeSpan Expires)[], bool> done, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!done(_seen.ToArray()))
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), what + ": " + string.Join(", ", _seen));
            _time.Advance(TimeSpan.FromMilliseconds(500));
            await Task.Delay(10);
        }
    }

    private async Task StartedAsync()
    {
        _registrations.Start();
        await RunUntilAsync(s => s.Contains(("7000", TimeSpan.FromSeconds(300))) && s.Any(c => c.User == "7001"), "the first registrations");
    }

    [Fact]
    public async Task Dropping_a_register_block_sends_expires_0_for_that_binding_only()
    {
        await StartedAsync();

        _trunks = Load("""
              - name: good
                match:
                  addresses: ["10.1.2.0"]

            """);
        await RunUntilAsync(s => s.Contains(("7000", TimeSpan.Zero)), "the removal of 7000");
        _time.Advance(TimeSpan.FromSeconds(10));
        await Task.Delay(50);

        Assert.Single(_seen, c => c.Expires == TimeSpan.Zero);
        Assert.DoesNotContain(("7001", TimeSpan.Zero), _seen); // never registered: nothing to remove
        Assert.Empty(_registrations.States);
    }

    [Fact]
    public async Task A_new_user_removes_the_old_binding_before_registering()
    {
        await StartedAsync();

        _trunks = Load(Trunk("good", "7002", 300));
        await RunUntilAsync(s => s.Any(c => c.User == "7002"), "the registration of 7002");

        var calls = _seen.ToArray();
        var removal = Array.IndexOf(calls, ("7000", TimeSpan.Zero));
        Assert.True(removal >= 0, "7000 was not removed: " + string.Join(", ", calls));
        Assert.True(removal < Array.FindIndex(calls, c => c.User == "7002"), "7002 registered before 7000 was removed: " + string.Join(", ", calls));
    }

    [Fact]
    public async Task A_new_expiry_for_the_same_user_registers_again_without_removing()
    {
        await StartedAsync();

        _trunks = Load(Trunk("good", "7000", 600) + Trunk("refused", "7001", 300));
        await RunUntilAsync(s => s.Contains(("7000", TimeSpan.FromSeconds(600))), "the registration with 600 s");

        Assert.DoesNotContain(("7000", TimeSpan.Zero), _seen);
    }
}
