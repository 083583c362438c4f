using System.Net;
using Bridge.Conferencing.Browser;
using Bridge.Conferencing.Pins;
using Bridge.Conferencing.Prompts;
using Bridge.Conferencing.Tests.Fakes;

namespace Bridge.Conferencing.Tests.Browser;

/// <summary>A PIN typed in a browser meets the phones' policy: same outcomes, same counting per address, same SECURITY lines.</summary>
public sealed class BrowserPinTests
{
    private static readonly IPAddress Address = IPAddress.Parse("198.51.100.1");

    [Fact]
    public async Task ParticipantAndModeratorPinsGiveTicketsWithTheirRoles()
    {
        var harness = new Harness();

        var participant = await harness.Service.CheckBrowserPinAsync(Address, "4711", "246810", CancellationToken.None);
        var moderator = await harness.Service.CheckBrowserPinAsync(Address, "4711", "135791", CancellationToken.None);

        Assert.Equal(BrowserPinOutcome.Accepted, participant.Outcome);
        Assert.Equal(ConferenceRole.Participant, participant.Ticket!.Role);
        Assert.Equal("4711", participant.Ticket.Room);
        Assert.Equal(Address, participant.Ticket.Address);
        Assert.Equal(BrowserPinOutcome.Accepted, moderator.Outcome);
        Assert.Equal(ConferenceRole.Moderator, moderator.Ticket!.Role);
    }

    [Fact]
    public async Task WrongPinAndUnknownRoomAnswerTheSameAndBothCount()
    {
        var harness = new Harness();

        var wrong = await harness.Service.CheckBrowserPinAsync(Address, "4711", "000000", CancellationToken.None);
        var unknown = await harness.Service.CheckBrowserPinAsync(Address, "9999", "246810", CancellationToken.None);
        var junk = await harness.Service.CheckBrowserPinAsync(Address, new string('9', 500), "1", CancellationToken.None);

        Assert.Equal(new BrowserPinCheck(BrowserPinOutcome.Refused, null), wrong);
        Assert.Equal(wrong, unknown);
        Assert.Equal(wrong, junk);
        Assert.Equal(3, harness.Logs.Lines.Count(l => l.Contains("SECURITY pin-failure source=198.51.100.1", StringComparison.Ordinal)));
        Assert.DoesNotContain(harness.Logs.Lines, l => l.Contains("246810", StringComparison.Ordinal) || l.Contains("000000", StringComparison.Ordinal));
    }

    [Fact]
    public async Task HashedPinIsCheckedOffTheQueue()
    {
        var harness = new Harness();

        var right = await harness.Service.CheckBrowserPinAsync(Address, "4717", "909090", CancellationToken.None);
        var wrong = await harness.Service.CheckBrowserPinAsync(Address, "4717", "909091", CancellationToken.None);

        Assert.Equal(BrowserPinOutcome.Accepted, right.Outcome);
        Assert.Equal(BrowserPinOutcome.Refused, wrong.Outcome);
    }

    [Fact]
    public async Task LockoutAfterThePolicysLimitCoversAPhoneFromTheSameAddress()
    {
        var harness = new Harness(new PinPolicyOptions { SourceFailureLimit = 3, AddressFailureLimit = 3 });

        var outcomes = new List<BrowserPinOutcome>();
        for (var i = 0; i < 3; i++)
        {
            outcomes.Add((await harness.Service.CheckBrowserPinAsync(Address, "4711", "00000" + i, CancellationToken.None)).Outcome);
        }

        var rightPinNow = await harness.Service.CheckBrowserPinAsync(Address, "4711", "246810", CancellationToken.None);
        var (phone, _) = harness.Join("4711", "246810", user: "alice", ip: "198.51.100.1");
        var (otherPhone, _) = harness.Join("4711", "246810", user: "bob", ip: "198.51.100.2");

        Assert.Equal([BrowserPinOutcome.Refused, BrowserPinOutcome.Refused, BrowserPinOutcome.LockedOut], outcomes);
        Assert.Equal(BrowserPinOutcome.LockedOut, rightPinNow.Outcome);
        Assert.Contains(PromptId.NotPossible, phone.AllPrompts);
        Assert.True(phone.HungUp);
        Assert.Single(harness.Service.Rooms);
        Assert.False(otherPhone.HungUp);
        Assert.Contains(harness.Logs.Lines, l => l.Contains("SECURITY pin-address-lockout source=198.51.100.1", StringComparison.Ordinal));
    }

    [Fact]
    public async Task PhoneFailuresCountAgainstABrowserFromTheSameAddress()
    {
        var harness = new Harness(new PinPolicyOptions { SourceFailureLimit = 10, AddressFailureLimit = 2 });

        harness.Join("4711", "111111", user: "alice");
        var outcome = await harness.Service.CheckBrowserPinAsync(Address, "4711", "222222", CancellationToken.None);
        var after = await harness.Service.CheckBrowserPinAsync(Address, "4711", "246810", CancellationToken.None);

        Assert.Equal(BrowserPinOutcome.LockedOut, outcome.Outcome);
        Assert.Equal(BrowserPinOutcome.LockedOut, after.Outcome);
    }
}
