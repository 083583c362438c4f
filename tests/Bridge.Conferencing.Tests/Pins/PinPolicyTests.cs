using System.Net;
using Bridge.Conferencing.Pins;
using Bridge.Conferencing.Prompts;
using Bridge.Conferencing.Tests.Fakes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Bridge.Conferencing.Tests.Pins;

public sealed class PinPolicyTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "bridge-pins-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }
    }

    [Fact]
    public void FiveWrongPinsAcrossCallsLockTheSourceOutEvenWithTheRightPin()
    {
        var h = new Harness();
        var (first, firstCall) = h.Dial("74711", user: "mallory", ip: "203.0.113.7");
        Harness.Type(firstCall, "000001#000002#000003#");
        Assert.True(first.HungUp);

        var (second, secondCall) = h.Dial("74711", user: "mallory", ip: "203.0.113.7");
        Harness.Type(secondCall, "000004#");
        Assert.Equal([PromptId.WrongPin, PromptId.EnterPin], second.Last);
        Harness.Type(secondCall, "000005#");
        Assert.Equal([PromptId.WrongPin, PromptId.NotPossible, PromptId.Goodbye], second.Last);

        var (third, thirdCall) = h.Dial("conf", user: "mallory", ip: "203.0.113.7");
        Harness.Type(thirdCall, "4711#");
        Assert.Equal([PromptId.NotPossible, PromptId.Goodbye], third.Last);
        Assert.True(third.HungUp);
        Assert.Equal(ConferenceRole.None, thirdCall.Role);
        Assert.Empty(h.Audio.Created);
    }

    [Fact]
    public void LockoutHitsEvenWhenItStartsDuringPinEntry()
    {
        var h = new Harness();
        var source = new CallerSource(IPAddress.Parse("203.0.113.7"), "mallory");
        var (leg, call) = h.Dial("74711", user: "mallory", ip: "203.0.113.7");
        for (var i = 0; i < 5; i++)
        {
            h.Pins.RecordFailure(source, "4711"); // another call of the same source
        }

        Harness.Type(call, "246810#");

        Assert.Equal([PromptId.NotPossible, PromptId.Goodbye], leg.Last);
        Assert.Equal(ConferenceRole.None, call.Role);
    }

    [Fact]
    public void ColleaguesBehindTheSamePbxAreNotLockedOut()
    {
        var h = new Harness();
        for (var i = 0; i < 2; i++)
        {
            var (_, call) = h.Dial("74711", user: "mallory", ip: "192.0.2.10");
            Harness.Type(call, "000000#000000#000000#");
        }

        var (_, colleague) = h.Join("4711", "246810", user: "alice", ip: "192.0.2.10");
        var (_, again) = h.Join("4711", "246810", user: "mallory", ip: "192.0.2.10");

        Assert.Equal(ConferenceRole.Participant, colleague.Role);
        Assert.Equal(ConferenceRole.None, again.Role);
    }

    [Fact]
    public void LockoutEndsAfterFifteenMinutes()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        var policy = NewPolicy(time);
        var source = Source("mallory");
        for (var i = 0; i < 5; i++)
        {
            policy.RecordFailure(source, "4711");
        }

        Assert.True(policy.Check(source, "4711").LockedOut);
        time.Advance(TimeSpan.FromMinutes(14.9));
        Assert.True(policy.IsLockedOut(source));
        time.Advance(TimeSpan.FromMinutes(0.2));

        Assert.False(policy.Check(source, "4711").LockedOut);
    }

    [Fact]
    public void FailuresOutsideTheWindowDoNotCount()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        var policy = NewPolicy(time);
        var source = Source("slowpoke");
        for (var i = 0; i < 8; i++)
        {
            policy.RecordFailure(source, "4711");
            time.Advance(TimeSpan.FromMinutes(4)); // at most 4 within any 15 minutes
        }

        Assert.False(policy.IsLockedOut(source));
    }

    [Fact]
    public void RightPinResetsTheSourceCount()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        var policy = NewPolicy(time);
        var source = Source("forgetful");
        for (var i = 0; i < 4; i++)
        {
            policy.RecordFailure(source, "4711");
        }

        policy.RecordSuccess(source, "4711");

        Assert.Equal(1, policy.RecordFailure(source, "4711").SourceFailures);
    }

    [Fact]
    public void LockoutSurvivesARestart()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        var file = Path.Combine(_dir, "state", "pin-failures.json");
        var options = new PinPolicyOptions { StateFile = file };
        var source = Source("mallory");
        var before = new PinPolicy(options, time, NullLogger());
        for (var i = 0; i < 5; i++)
        {
            before.RecordFailure(source, "4711");
        }

        Assert.False(File.Exists(file)); // written within a second, off the caller's thread
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.True(File.Exists(file));

        var after = new PinPolicy(options, time, NullLogger());

        Assert.True(after.Check(source, "4711").LockedOut);
        Assert.False(after.Check(Source("alice"), "4711").LockedOut);
        Assert.False(File.Exists(file + ".tmp"));
        var json = File.ReadAllText(file);
        Assert.DoesNotContain("mallory", json, StringComparison.Ordinal); // only the masked user is stored
        Assert.Contains("203.0.113.7", json, StringComparison.Ordinal);
    }

    [Fact]
    public void CountsSurviveARestart()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        var options = new PinPolicyOptions { StateFile = Path.Combine(_dir, "pins.json") };
        var source = Source("mallory");
        var before = new PinPolicy(options, time, NullLogger());
        for (var i = 0; i < 3; i++)
        {
            before.RecordFailure(source, "4711");
        }

        before.Dispose(); // shutdown flushes

        var after = new PinPolicy(options, time, NullLogger());

        Assert.Equal(4, after.RecordFailure(source, "4711").SourceFailures);
        Assert.True(after.RecordFailure(source, "4711").LockedOut);
    }

    [Fact]
    public void CorruptStateFileStartsEmpty()
    {
        Directory.CreateDirectory(_dir);
        var file = Path.Combine(_dir, "pins.json");
        File.WriteAllText(file, "{ not json");
        var logs = new CapturingLoggerFactory();

        var policy = new PinPolicy(new PinPolicyOptions { StateFile = file }, TimeProvider.System, new Logger<PinPolicy>(logs));

        Assert.False(policy.IsLockedOut(Source("x")));
        Assert.Contains(logs.Lines, l => l.Contains("unreadable", StringComparison.Ordinal));
    }

    [Fact]
    public void ThirtyFailuresOnOneRoomStartSlowModeAndRaiseOneAlert()
    {
        var h = new Harness();
        var alerts = new List<PinAlertEventArgs>();
        h.Pins.RoomAlert += (_, e) => alerts.Add(e);
        h.Pins.RecordSuccess(new CallerSource(IPAddress.Parse("198.51.100.1"), "alice"), "4711"); // alice was here before: not new
        for (var i = 0; i < 30; i++)
        {
            h.Pins.RecordFailure(Bot(i), "4711"); // many sources and addresses: none locked out
        }

        Assert.Equal("4711", Assert.Single(alerts).Room);
        Assert.Equal(30, alerts[0].Failures);
        Assert.Contains(h.Logs.Lines, l => l == "SECURITY room-slow-mode room=4711 failures=30 window-minutes=60");

        var (leg, call) = h.Dial("74711", user: "alice");
        Harness.Type(call, "246810#");
        Assert.Equal(ConferenceRole.None, call.Role); // the answer waits
        h.Time.Advance(TimeSpan.FromSeconds(4.9));
        Assert.Equal(ConferenceRole.None, call.Role);
        h.Time.Advance(TimeSpan.FromSeconds(0.1));
        Assert.Equal(ConferenceRole.Participant, call.Role);

        h.Pins.RecordFailure(Source("bot-late"), "4711");
        Assert.Single(alerts); // still the same episode
        Assert.False(leg.HungUp);
    }

    [Fact]
    public void SlowModeEndsWhenTheHourPasses()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        var policy = NewPolicy(time);
        for (var i = 0; i < 30; i++)
        {
            policy.RecordFailure(Bot(i), "4711");
        }

        Assert.Equal(TimeSpan.FromSeconds(5), policy.Check(Source("alice"), "4711").Delay);
        Assert.Equal(TimeSpan.Zero, policy.Check(Source("alice"), "4712").Delay);
        time.Advance(TimeSpan.FromMinutes(61));

        Assert.Equal(TimeSpan.Zero, policy.Check(Source("alice"), "4711").Delay);
    }

    [Fact]
    public void SecurityLinesHaveTheFixedFormat()
    {
        var h = new Harness();
        var (_, call) = h.Dial("74711", user: "+49301234123", ip: "203.0.113.7");

        Harness.Type(call, "999999#888888#777777#");
        var (_, again) = h.Dial("74711", user: "+49301234123", ip: "203.0.113.7");
        Harness.Type(again, "666666#555555#");
        var (_, locked) = h.Dial("74711", user: "+49301234123", ip: "203.0.113.7");

        var security = h.Logs.Lines.Where(l => l.StartsWith("SECURITY", StringComparison.Ordinal)).ToList();
        Assert.Equal(
        [
            "SECURITY pin-failure source=203.0.113.7 user=***123 room=4711 count=1",
            "SECURITY pin-failure source=203.0.113.7 user=***123 room=4711 count=2",
            "SECURITY pin-failure source=203.0.113.7 user=***123 room=4711 count=3",
            "SECURITY pin-failure source=203.0.113.7 user=***123 room=4711 count=4",
            "SECURITY pin-failure source=203.0.113.7 user=***123 room=4711 count=5",
            "SECURITY pin-lockout source=203.0.113.7 user=***123 room=4711 count=5 minutes=15",
            "SECURITY pin-locked-out source=203.0.113.7 user=***123 room=4711",
        ], security);
        var all = string.Join('\n', h.Logs.Lines);
        foreach (var pin in new[] { "999999", "888888", "777777", "666666", "555555", "49301234123" })
        {
            Assert.DoesNotContain(pin, all, StringComparison.Ordinal);
        }

        Assert.True(locked.Completion.IsCompleted);
    }

    [Fact]
    public void IPv4MappedAddressesCountAsTheirIPv4Source()
    {
        var policy = NewPolicy(new FakeTimeProvider());
        var mapped = new CallerSource(IPAddress.Parse("::ffff:203.0.113.7"), "mallory");
        for (var i = 0; i < 5; i++)
        {
            policy.RecordFailure(mapped, "4711");
        }

        Assert.True(policy.IsLockedOut(Source("mallory")));
    }

    private static CallerSource Source(string user) => new(IPAddress.Parse("203.0.113.7"), user);

    /// <summary>One of many guessing sources spread over addresses (a botnet), so no per-address limit stops them.</summary>
    private static CallerSource Bot(int i) => new(IPAddress.Parse("198.18.0." + (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture)), "bot" + i);

    private static PinPolicy NewPolicy(TimeProvider time) => new(new PinPolicyOptions(), time, NullLogger());

    private static ILogger<PinPolicy> NullLogger() => Microsoft.Extensions.Logging.Abstractions.NullLogger<PinPolicy>.Instance;
}
