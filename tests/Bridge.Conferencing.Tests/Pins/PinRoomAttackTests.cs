using System.Globalization;
using System.Net;
using Bridge.Conferencing.Pins;
using Bridge.Conferencing.Prompts;
using Bridge.Conferencing.Tests.Fakes;

namespace Bridge.Conferencing.Tests.Pins;

/// <summary>Issue #8: a room under attack refuses participant PINs from new sources; its moderator PIN keeps working.</summary>
public sealed class PinRoomAttackTests
{
    [Fact]
    public void ANewSourceWithTheRightParticipantPinIsRefusedWhileTheRoomIsUnderAttack()
    {
        var h = new Harness();
        var alerts = new List<PinAlertEventArgs>();
        h.Pins.RoomAlert += (_, e) => alerts.Add(e);
        Attack(h);
        Assert.True(h.Pins.IsRoomUnderAttack("4711"));
        Assert.Single(alerts);

        var (leg, call) = h.Dial("74711", user: "newcomer", ip: "198.51.100.77");
        Harness.Type(call, "246810#");
        h.Time.Advance(TimeSpan.FromSeconds(5)); // slow mode

        Assert.Equal(ConferenceRole.None, call.Role);
        Assert.Equal([PromptId.NotPossible, PromptId.Goodbye], leg.Last);
        Assert.Contains(h.Logs.Lines, l => l == "SECURITY pin-room-under-attack source=198.51.100.77 user=***mer room=4711 refused=participant-pin-from-new-source");
        Assert.DoesNotContain(h.Logs.Lines, l => l.Contains("246810", StringComparison.Ordinal));
    }

    [Fact]
    public void AWrongPinFromANewSourceSoundsTheSameAsARightOne()
    {
        var h = new Harness();
        Attack(h);
        var (right, rightCall) = h.Dial("74711", user: "newcomer1", ip: "198.51.100.77");
        Harness.Type(rightCall, "246810#");
        var (wrong, wrongCall) = h.Dial("74711", user: "newcomer2", ip: "198.51.100.78");
        Harness.Type(wrongCall, "999999#");
        h.Time.Advance(TimeSpan.FromSeconds(5));

        Assert.Equal(right.Played, wrong.Played);
    }

    [Fact]
    public void AKnownSourceAndTheModeratorStillGetIn()
    {
        var h = new Harness();
        var (_, before) = h.Join("4711", "246810", user: "alice", ip: "198.51.100.1");
        Assert.Equal(ConferenceRole.Participant, before.Role);
        before.OnRemoteHangup();
        Attack(h);

        var (_, alice) = h.Join("4711", "246810", user: "alice", ip: "198.51.100.1");
        var (_, moderator) = h.Join("4711", "135791", user: "boss", ip: "198.51.100.200");
        h.Time.Advance(TimeSpan.FromSeconds(5));

        Assert.Equal(ConferenceRole.Participant, alice.Role);
        Assert.Equal(ConferenceRole.Moderator, moderator.Role);
    }

    [Fact]
    public void OtherRoomsAreNotAffectedAndTheAttackEndsWhenTheHourPasses()
    {
        var h = new Harness();
        Attack(h);
        var (_, other) = h.Join("4712", "112358", user: "newcomer", ip: "198.51.100.77");
        Assert.Equal(ConferenceRole.Participant, other.Role);

        h.Time.Advance(TimeSpan.FromMinutes(61));
        Assert.False(h.Pins.IsRoomUnderAttack("4711"));
        var (_, late) = h.Join("4711", "246810", user: "newcomer", ip: "198.51.100.77");
        Assert.Equal(ConferenceRole.Participant, late.Role);
    }

    /// <summary>30 wrong PINs on room 4711 from 30 addresses (a botnet: no address or source gets locked out).</summary>
    private static void Attack(Harness h)
    {
        for (var i = 0; i < 30; i++)
        {
            h.Pins.RecordFailure(new CallerSource(IPAddress.Parse("198.18.1." + (i + 1).ToString(CultureInfo.InvariantCulture)), "bot"), "4711");
        }
    }
}
