using System.Globalization;
using System.Net;
using Bridge.Conferencing.Pins;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Bridge.Conferencing.Tests.Pins;

/// <summary>Issue 12: behind a declared trunk PIN failures count per caller; the trunk's address is never locked out.</summary>
public sealed class PinTrunkCallerTests
{
    private static readonly IPAddress Pbx = IPAddress.Parse("10.1.2.3");

    [Fact]
    public void A_guessing_caller_behind_a_trunk_locks_out_only_himself()
    {
        var policy = new PinPolicy(new PinPolicyOptions(), new FakeTimeProvider(DateTimeOffset.UnixEpoch), NullLogger<PinPolicy>.Instance);
        var mallory = new CallerSource(Pbx, "4711") { Trunk = "office-pbx" };
        var alice = new CallerSource(Pbx, "4712") { Trunk = "office-pbx" };

        PinFailureOutcome last = default;
        for (var i = 0; i < 5; i++)
        {
            last = policy.RecordFailure(mallory, "1001");
        }

        Assert.True(last.LockedOut);
        Assert.True(policy.Check(mallory, "1001").LockedOut);
        Assert.False(policy.Check(alice, "1001").LockedOut);
        Assert.False(policy.IsAddressLockedOut(Pbx));
    }

    [Fact]
    public void Rotating_callers_behind_a_trunk_never_lock_the_trunk_address()
    {
        var policy = new PinPolicy(new PinPolicyOptions(), new FakeTimeProvider(DateTimeOffset.UnixEpoch), NullLogger<PinPolicy>.Instance);
        for (var i = 0; i < 100; i++)
        {
            policy.RecordFailure(new CallerSource(Pbx, "ext" + i.ToString(CultureInfo.InvariantCulture)) { Trunk = "office-pbx" }, "1001");
        }

        Assert.False(policy.IsAddressLockedOut(Pbx));
        Assert.False(policy.Check(new CallerSource(Pbx, "boss") { Trunk = "office-pbx" }, "1001").LockedOut);

        // The same address without the trunk (e.g. the trunk was removed from the plan) counts per address again.
        var undeclared = new PinPolicy(new PinPolicyOptions(), new FakeTimeProvider(DateTimeOffset.UnixEpoch), NullLogger<PinPolicy>.Instance);
        for (var i = 0; i < 20; i++)
        {
            undeclared.RecordFailure(new CallerSource(Pbx, "ext" + i.ToString(CultureInfo.InvariantCulture)), "1001");
        }

        Assert.True(undeclared.IsAddressLockedOut(Pbx));
    }

    [Fact]
    public void The_same_caller_through_two_addresses_of_one_trunk_is_one_caller()
    {
        var policy = new PinPolicy(new PinPolicyOptions(), new FakeTimeProvider(DateTimeOffset.UnixEpoch), NullLogger<PinPolicy>.Instance);
        for (var i = 0; i < 5; i++)
        {
            var address = IPAddress.Parse(i % 2 == 0 ? "10.1.4.1" : "10.1.4.2");
            policy.RecordFailure(new CallerSource(address, "4711") { Trunk = "office-pbx" }, "1001");
        }

        Assert.True(policy.IsLockedOut(new CallerSource(IPAddress.Parse("10.1.4.3"), "4711") { Trunk = "office-pbx" }));
    }
}
