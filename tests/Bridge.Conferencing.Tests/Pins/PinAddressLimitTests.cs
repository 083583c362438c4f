using System.Globalization;
using System.Net;
using Bridge.Conferencing.Pins;
using Bridge.Conferencing.Prompts;
using Bridge.Conferencing.Tests.Fakes;
using Microsoft.Extensions.Time.Testing;

namespace Bridge.Conferencing.Tests.Pins;

/// <summary>Issue #8: one address that rotates its From user is stopped by the per-address limit; declared PBXs are not.</summary>
public sealed class PinAddressLimitTests : IDisposable
{
    private const string Attacker = "203.0.113.66";
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "bridge-pins-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }
    }

    [Fact]
    public void RotatingFromUsersStopsAtTwentyFailuresFromOneAddress()
    {
        var h = new Harness();
        for (var i = 0; i < 10; i++)
        {
            // Two wrong PINs per From user: the per-(IP, user) lockout (5) is never reached.
            var (leg, call) = h.Dial("74711", user: User(i), ip: Attacker);
            Harness.Type(call, "000001#000002#");
            Assert.Equal(i == 9, leg.HungUp); // the 20th failure locks the address out and ends that call
        }

        Assert.True(h.Pins.IsAddressLockedOut(IPAddress.Parse(Attacker)));
        Assert.Contains(h.Logs.Lines, l => l == "SECURITY pin-address-lockout source=203.0.113.66 user=***-09 room=4711 count=20 minutes=60");

        // A fresh From user from that address gets no PIN check at all, even with the right PIN.
        var (fresh, freshCall) = h.Dial("74711", user: "brand-new", ip: Attacker);
        Assert.Equal([PromptId.NotPossible, PromptId.Goodbye], fresh.Last);
        Assert.Equal(ConferenceRole.None, freshCall.Role);

        // Another address is not affected.
        var (_, alice) = h.Join("4711", "246810", user: "alice", ip: "198.51.100.1");
        Assert.Equal(ConferenceRole.Participant, alice.Role);
    }

    [Fact]
    public void TheAddressLockoutLastsAnHourAndARightPinDoesNotResetTheCount()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        var policy = new PinPolicy(new PinPolicyOptions(), time, Microsoft.Extensions.Logging.Abstractions.NullLogger<PinPolicy>.Instance);
        for (var i = 0; i < 19; i++)
        {
            policy.RecordFailure(Source(i), "4711");
            policy.RecordSuccess(Source(100 + i), "4712"); // a known PIN for one room buys no more guesses
        }

        Assert.False(policy.IsAddressLockedOut(IPAddress.Parse(Attacker)));
        Assert.True(policy.RecordFailure(Source(19), "4711").LockedOut);
        Assert.True(policy.Check(Source(200), "4712").LockedOut);
        time.Advance(TimeSpan.FromMinutes(59.9));
        Assert.True(policy.Check(Source(200), "4712").LockedOut);
        time.Advance(TimeSpan.FromMinutes(0.2));
        Assert.False(policy.Check(Source(200), "4712").LockedOut);
    }

    [Fact]
    public void FailuresOlderThanTheWindowDoNotCount()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        var policy = new PinPolicy(new PinPolicyOptions(), time, Microsoft.Extensions.Logging.Abstractions.NullLogger<PinPolicy>.Instance);
        for (var i = 0; i < 40; i++)
        {
            policy.RecordFailure(Source(i), "4711");
            time.Advance(TimeSpan.FromMinutes(4)); // 15 within any hour
        }

        Assert.False(policy.IsAddressLockedOut(IPAddress.Parse(Attacker)));
    }

    [Fact]
    public void ADeclaredPbxIsCountedPerCallerOnly()
    {
        var pbx = IPAddress.Parse("192.0.2.50");
        var h = new Harness(new PinPolicyOptions { TrustedPbxAddresses = new HashSet<IPAddress> { pbx } });
        for (var i = 0; i < 12; i++)
        {
            // 24 failures: over the address limit (20), under the room's attack threshold (30).
            var (_, call) = h.Dial("74711", user: User(i), ip: "::ffff:192.0.2.50");
            Harness.Type(call, "000001#000002#");
        }

        Assert.False(h.Pins.IsAddressLockedOut(pbx));
        var (_, colleague) = h.Join("4711", "246810", user: "alice", ip: "192.0.2.50");
        Assert.Equal(ConferenceRole.Participant, colleague.Role);

        // One guessing caller behind the PBX is still locked out by the per-(IP, user) limit.
        var (_, guesser) = h.Dial("74711", user: "mallory", ip: "192.0.2.50");
        Harness.Type(guesser, "1#2#3#");
        var (_, guesserAgain) = h.Dial("74711", user: "mallory", ip: "192.0.2.50");
        Harness.Type(guesserAgain, "4#5#");
        Assert.True(h.Pins.IsLockedOut(new CallerSource(pbx, "mallory")));
    }

    [Fact]
    public void TheAddressLockoutSurvivesARestart()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        var options = new PinPolicyOptions { StateFile = Path.Combine(_dir, "pin-failures.json"), AddressFailureLimit = 3 };
        var before = new PinPolicy(options, time, Microsoft.Extensions.Logging.Abstractions.NullLogger<PinPolicy>.Instance);
        for (var i = 0; i < 3; i++)
        {
            before.RecordFailure(Source(i), "4711");
        }

        before.Dispose();
        var after = new PinPolicy(options, time, Microsoft.Extensions.Logging.Abstractions.NullLogger<PinPolicy>.Instance);

        Assert.True(after.IsAddressLockedOut(IPAddress.Parse(Attacker)));
        Assert.True(after.Check(Source(99), "4711").LockedOut);
    }

    private static string User(int i) => "user-" + i.ToString("00", CultureInfo.InvariantCulture);

    private static CallerSource Source(int i) => new(IPAddress.Parse(Attacker), User(i));
}
