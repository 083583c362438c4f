using System.Collections.Concurrent;
using System.Diagnostics;
using Bridge.Calls.Registration;
using Bridge.DialPlans;
using Bridge.DialPlans.Trunks;
using Bridge.Sip.Stack;
using Bridge.TestKit.Timing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Bridge.Calls.Tests.Registration;

/// <summary>Issue 12: the registration loop refreshes before expiry, backs off after failures (RFC 5626 §4.5) and logs
/// each state once.</summary>
public sealed class TrunkRegistrationsTests
{
    private const string Plan = """
        trunks:
          - name: pbx
            match:
              addresses: ["10.1.2.3"]
            register:
              registrar: "sip:127.0.0.1:5999"
              user: "7000"
              password: "${BRIDGE_TEST_REGISTER_PW}"
              expires: 300
        routes:
          - dialled: "7000"
            ask: room
        """;

    private readonly FakeTimeProvider _time = new(DateTimeOffset.UnixEpoch.AddDays(20000));
    private readonly TimerWatch _timers;
    private readonly CaptureLogger _log = new();
    private readonly ConcurrentQueue<DateTimeOffset> _calls = new();

    public TrunkRegistrationsTests() => _timers = new TimerWatch(_time);

    [Fact]
    public async Task Refreshes_at_80_percent_of_the_granted_time_and_logs_registered_once()
    {
        await using var registrations = Start(_ => new SipRegisterResult(200, "OK", TimeSpan.FromSeconds(100)));

        await CallsAsync(1);
        Assert.Contains(_log.Lines, l => l == "Trunk pbx: registering as 7000 at sip:127.0.0.1:5999 (expires 300 s)");
        _time.Advance(TimeSpan.FromSeconds(79));
        await Task.Delay(100);
        Assert.Single(_calls);
        _time.Advance(TimeSpan.FromSeconds(1));
        await CallsAsync(2);
        _time.Advance(TimeSpan.FromSeconds(80));
        await CallsAsync(3);

        Assert.Single(_log.Lines, l => l.Contains("registered as 7000", StringComparison.Ordinal));
        Assert.Equal("registered", registrations.States["pbx"]);
    }

    [Fact]
    public async Task Failures_back_off_exponentially_and_are_reported_once_until_the_state_changes()
    {
        var fail = true;
        await using var registrations = Start(_ => fail ? new SipRegisterResult(403, "Forbidden", TimeSpan.Zero) : new SipRegisterResult(200, "OK", TimeSpan.FromSeconds(300)));

        await CallsAsync(1);
        _time.Advance(TimeSpan.FromSeconds(30)); // 1st wait: 15–30 s
        await CallsAsync(2);
        _time.Advance(TimeSpan.FromSeconds(29)); // 2nd wait: 30–60 s
        await Task.Delay(100);
        Assert.Equal(2, _calls.Count);
        _time.Advance(TimeSpan.FromSeconds(31));
        await CallsAsync(3);
        var gaps = _calls.Zip(_calls.Skip(1), (a, b) => (b - a).TotalSeconds).ToArray();
        Assert.InRange(gaps[0], 15, 30);
        Assert.InRange(gaps[1], 30, 60);

        Assert.Single(_log.Lines, l => l.Contains("registration as 7000 at sip:127.0.0.1:5999 failed: 403 Forbidden", StringComparison.Ordinal));
        Assert.StartsWith("failed: 403", registrations.States["pbx"], StringComparison.Ordinal);

        fail = false;
        _time.Advance(TimeSpan.FromSeconds(120));
        await CallsAsync(4);
        await WaitAsync(() => _log.Lines.Any(l => l.Contains("registered as 7000", StringComparison.Ordinal)), "registered after the failures");
    }

    [Fact]
    public async Task A_registrar_that_throws_or_never_answers_is_a_failure_not_a_crash_or_a_busy_loop()
    {
        var n = 0;
        await using var registrations = Start(_ => Interlocked.Increment(ref n) % 2 == 0 ? throw new FormatException("garbage") : new SipRegisterResult(0, "no answer", TimeSpan.Zero));

        await CallsAsync(1);
        await Task.Delay(200);
        Assert.Single(_calls); // waits for its back-off on the (fake) clock: no busy loop
        _time.Advance(TimeSpan.FromSeconds(30));
        await CallsAsync(2);
        Assert.StartsWith("failed: FormatException", registrations.States["pbx"], StringComparison.Ordinal);
    }

    [Fact]
    public void Backoff_follows_RFC_5626_section_4_5()
    {
        var backoff = new RegistrationBackoff();
        Assert.Equal(TimeSpan.FromSeconds(15), backoff.After(1, 0));
        Assert.Equal(TimeSpan.FromSeconds(30), backoff.After(1, 1));
        Assert.Equal(TimeSpan.FromSeconds(120), backoff.After(3, 1));
        Assert.Equal(TimeSpan.FromSeconds(1800), backoff.After(20, 1));
        Assert.Equal(TimeSpan.FromSeconds(900), backoff.After(20, 0));
        Assert.Equal(TimeSpan.FromSeconds(240), RegistrationBackoff.Refresh(TimeSpan.FromSeconds(300)));
        Assert.Equal(TimeSpan.FromSeconds(48), RegistrationBackoff.Refresh(TimeSpan.FromSeconds(60)));
    }

    private TrunkRegistrations Start(Func<SipRegistration, SipRegisterResult> answer)
    {
        TrunkTable trunks = DialPlanLoader.LoadText(Plan).Plan!.Trunks;
        var registrations = new TrunkRegistrations(() => trunks, (registration, _, _) =>
        {
            _calls.Enqueue(_time.GetUtcNow());
            return Task.FromResult(answer(registration));
        }, _timers, _log);
        registrations.Start();
        return registrations;
    }

    /// <summary>Waits for <paramref name="count"/> REGISTER exchanges, then until the loop has armed its wait after the last
    /// of them (every registration wait is 15 s or more; the plan check's is 2 s), so the test may move the clock.</summary>
    private async Task CallsAsync(int count)
    {
        await WaitAsync(() => _calls.Count >= count, $"{count} REGISTER exchanges");
        await _timers.WaitForArmedAsync(_calls.Count, due => due >= TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(10), "the wait after each REGISTER exchange");
    }

    private static async Task WaitAsync(Func<bool> condition, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), "timed out waiting for " + what);
            await Task.Delay(10);
        }
    }

    private sealed class CaptureLogger : ILogger
    {
        private readonly ConcurrentQueue<string> _lines = new();

        public IReadOnlyList<string> Lines => [.. _lines];

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                _lines.Enqueue(formatter(state, exception));
            }
        }
    }
}
