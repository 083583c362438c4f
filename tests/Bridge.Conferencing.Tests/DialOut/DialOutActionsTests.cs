using System.Net;
using Bridge.Conferencing.DialOut;
using Bridge.Conferencing.Tests.Fakes;
using Bridge.DialPlans;

namespace Bridge.Conferencing.Tests.DialOut;

/// <summary>Dial-out from the page's moderator and the admin API (issues 12 and 13): the same decision as the phone's
/// <c>*7</c> (allowed trunk, masked SECURITY line, one call out at a time), and the states the asker sees.</summary>
public sealed class DialOutActionsTests
{
    private static readonly IPAddress Browser = IPAddress.Parse("203.0.113.5");

    [Fact]
    public async Task A_browser_moderator_dials_and_sees_calling_answered_and_joined()
    {
        var (h, dialer) = DialOutTests.Setup();
        var (moderator, _) = h.Join("4711", "135791");
        var seen = new List<DialOutState>();

        var ticket = await h.Service.DialForMemberAsync("4711", moderator.Id, "1042", Browser, s => seen.Add(s.State));

        Assert.Equal(DialOutStart.Started, ticket.Result);
        Assert.Equal(DialOutState.Calling, ticket.Status!.State);
        Assert.Equal("***042", ticket.Status.MaskedNumber);
        var request = Assert.Single(dialer.Requests);
        Assert.Equal(("1042", "office-pbx", "4711"), (request.Number, request.Trunk.Name, request.RoomNumber));

        request.LegId = "out-1";
        request.Completed(DialOutOutcome.Answered);
        var invited = new FakeLeg("out-1", "1042", "192.0.2.10", secure: false);
        var call = h.Service.HandleNewCall(invited, RouteDecision.Invited("4711", MediaPolicy.PreferSecure));
        Harness.Type(call, "1");

        Assert.Equal([DialOutState.Answered, DialOutState.Joined], seen);
        Assert.Equal(DialOutState.Joined, h.Service.GetDialOut("4711", ticket.Status.Id)?.State);
        Assert.Null(h.Service.GetDialOut("4718", ticket.Status.Id));
        Assert.DoesNotContain(h.Logs.Lines, l => l.Contains("1042", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_invited_person_who_does_not_press_1_shows_as_declined()
    {
        var (h, dialer) = DialOutTests.Setup();
        var ticket = await h.Service.DialForAdminAsync("4711", "1042", IPAddress.Loopback, "grafana");
        var request = Assert.Single(dialer.Requests);
        request.LegId = "out-1";
        request.Completed(DialOutOutcome.Answered);
        var call = h.Service.HandleNewCall(new FakeLeg("out-1", "1042", "192.0.2.10", secure: false), RouteDecision.Invited("4711", MediaPolicy.PreferSecure));

        Harness.Type(call, "2");

        Assert.Equal(DialOutState.Declined, h.Service.GetDialOut("4711", ticket.Status!.Id)?.State);
    }

    [Fact]
    public async Task A_participant_or_a_stranger_may_not_dial_out()
    {
        var (h, dialer) = DialOutTests.Setup();
        var (participant, _) = h.Join("4711", "246810");

        Assert.Equal(DialOutStart.NotModerator, (await h.Service.DialForMemberAsync("4711", participant.Id, "1042", Browser, _ => { })).Result);
        Assert.Equal(DialOutStart.RoomNotFound, (await h.Service.DialForMemberAsync("4711", "someone-else", "1042", Browser, _ => { })).Result);
        Assert.Equal(DialOutStart.RoomNotFound, (await h.Service.DialForMemberAsync("4718", participant.Id, "1042", Browser, _ => { })).Result);
        Assert.Empty(dialer.Requests);
    }

    [Fact]
    public async Task A_number_no_trunk_allows_is_refused_with_a_masked_security_line_naming_the_browser()
    {
        var (h, dialer) = DialOutTests.Setup();
        var (moderator, _) = h.Join("4711", "135791");

        var ticket = await h.Service.DialForMemberAsync("4711", moderator.Id, "090012345678", Browser, _ => { });

        Assert.Equal(DialOutStart.NotAllowed, ticket.Result);
        Assert.Empty(dialer.Requests);
        var line = Assert.Single(h.Logs.Lines, l => l.Contains("SECURITY dial-out-refused", StringComparison.Ordinal));
        Assert.Contains("source=203.0.113.5 user=browser room=4711 number=***678 reason=no-trunk-allows-it", line, StringComparison.Ordinal);
        Assert.DoesNotContain(h.Logs.Lines, l => l.Contains("090012345678", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("")]
    [InlineData("10a2")]
    [InlineData("123456789012345678901234567890123")]
    public async Task A_malformed_number_is_refused(string number)
    {
        var (h, dialer) = DialOutTests.Setup();

        Assert.Equal(DialOutStart.Malformed, (await h.Service.DialForAdminAsync("4711", number, IPAddress.Loopback, "ops")).Result);
        Assert.Empty(dialer.Requests);
    }

    [Fact]
    public async Task One_call_out_rings_at_a_time_per_moderator_and_per_room_for_the_api()
    {
        var (h, dialer) = DialOutTests.Setup();
        var (moderator, _) = h.Join("4711", "135791");

        Assert.Equal(DialOutStart.Started, (await h.Service.DialForMemberAsync("4711", moderator.Id, "1042", Browser, _ => { })).Result);
        Assert.Equal(DialOutStart.Busy, (await h.Service.DialForMemberAsync("4711", moderator.Id, "1043", Browser, _ => { })).Result);
        Assert.Equal(DialOutStart.Started, (await h.Service.DialForAdminAsync("4711", "1044", IPAddress.Loopback, "ops")).Result);
        Assert.Equal(DialOutStart.Busy, (await h.Service.DialForAdminAsync("4711", "1045", IPAddress.Loopback, "ops")).Result);
        Assert.Equal(DialOutStart.Started, (await h.Service.DialForAdminAsync("4718", "1046", IPAddress.Loopback, "ops")).Result);

        dialer.Requests[0].Completed(DialOutOutcome.NoAnswer);

        Assert.Equal(DialOutStart.Started, (await h.Service.DialForMemberAsync("4711", moderator.Id, "1043", Browser, _ => { })).Result);
        Assert.Equal(4, dialer.Requests.Count);
    }

    [Fact]
    public async Task The_api_may_dial_into_a_configured_room_that_is_not_open_but_not_into_an_unknown_one()
    {
        var (h, dialer) = DialOutTests.Setup();

        Assert.Equal(DialOutStart.RoomNotFound, (await h.Service.DialForAdminAsync("9999", "1042", IPAddress.Loopback, "ops")).Result);
        var ticket = await h.Service.DialForAdminAsync("4711", "1042", IPAddress.Loopback, "ops");

        Assert.Equal(DialOutStart.Started, ticket.Result);
        Assert.Single(dialer.Requests).Completed(DialOutOutcome.Declined);
        Assert.Equal(DialOutState.Declined, h.Service.GetDialOut("4711", ticket.Status!.Id)?.State);
        Assert.Contains(h.Logs.Lines, l => l.Contains("API token ops (moderator in room 4711) dials ***042", StringComparison.Ordinal));
    }
}
