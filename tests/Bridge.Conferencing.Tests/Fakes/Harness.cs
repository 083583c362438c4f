using Bridge.Conferencing.Pins;
using Bridge.DialPlans;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Bridge.Conferencing.Tests.Fakes;

/// <summary>A conference service wired to fakes and a fake clock; nothing here sleeps.</summary>
internal sealed class Harness
{
    public static readonly string HashedPinRoomYaml = $"""
          - number: "4717"
            pinHash: "{PinHasher.Hash("909090", 10_000)}"
        """;

    public static readonly string Plan = """
        routes:
          - dialled: "conf"
            ask: room
          - dialled: '/^7(\d{4})$/'
            room: "$1"
          - dialled: "echo"
            echo: true
          - dialled: "x"
            reject: 403
        rooms:
          - number: "4711"
            name: "Daily stand-up"
            pin: "246810"
            moderatorPin: "135791"
          - number: "4712"
            pin: "112358"
            moderatorPin: "314159"
            waitForModerator: true
            announceJoinLeave: true
          - number: "4713"
            pin: "222333"
            moderatorPin: "444555"
            endWhenModeratorLeaves: true
          - number: "4714"
            pin: "666777"
            maxParticipants: 2
          - number: "4715"
            pin: "888999"
            moderatorPin: "121212"
            muteOnJoin: true
          - number: "4716"
            pin: "135246"
            media: secure
          - number: "4718"
            pin: "565656"
            language: de
          - number: "4719"
            pin: "717171"
            moderatorPin: "919191"
            lobby: true

        """ + HashedPinRoomYaml;

    private int _legs;

    public Harness(PinPolicyOptions? pinOptions = null, ConferenceOptions? options = null, string? plan = null)
    {
        var result = DialPlanLoader.LoadText(plan ?? Plan);
        Assert.Empty(result.Errors);
        DialPlan = result.Plan!;
        Pins = new PinPolicy(pinOptions ?? new PinPolicyOptions(), Time, new Logger<PinPolicy>(Logs));
        Service = new ConferenceService(new StaticDialPlanProvider(DialPlan), Pins, Time, Logs, Audio, options, onError => new InlineQueue(onError));
    }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 27, 8, 0, 0, TimeSpan.Zero));

    public CapturingLoggerFactory Logs { get; } = new();

    public FakeRoomAudioFactory Audio { get; } = new();

    public DialPlan DialPlan { get; }

    public PinPolicy Pins { get; }

    public ConferenceService Service { get; }

    public (FakeLeg Leg, ConferenceCall Call) Dial(string dialled, string user = "alice", string ip = "198.51.100.1", bool secure = true, bool autoComplete = true)
    {
        var leg = new FakeLeg("leg-" + (++_legs).ToString(System.Globalization.CultureInfo.InvariantCulture), user, ip, secure)
        {
            AutoComplete = autoComplete,
        };
        var call = Service.HandleNewCall(leg, Service.Route(dialled));
        return (leg, call);
    }

    /// <summary>Dials the room directly (7 + number) and types the PIN.</summary>
    public (FakeLeg Leg, ConferenceCall Call) Join(string room, string pin, string user = "alice", string ip = "198.51.100.1")
    {
        var (leg, call) = Dial("7" + room, user, ip);
        Type(call, pin + "#");
        return (leg, call);
    }

    public static void Type(ConferenceCall call, string digits)
    {
        foreach (var digit in digits)
        {
            call.OnDigit(digit);
        }
    }
}
