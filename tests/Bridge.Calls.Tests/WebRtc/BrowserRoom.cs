using System.Net;
using Bridge.Calls.Media;
using Bridge.Calls.WebRtc;
using Bridge.Conferencing;
using Bridge.Conferencing.Browser;
using Bridge.Conferencing.Pins;
using Bridge.DialPlans;
using Bridge.Rtp;
using Bridge.WebRtc.Dtls;
using Microsoft.Extensions.Logging;

namespace Bridge.Calls.Tests.WebRtc;

/// <summary>
/// The real parts a browser meets, in process: the mixer engine (<see cref="MediaHub"/>, one thread), the conference
/// service on its own queue with the phones' PIN policy, the WebRTC leg factory on a loopback port range and the gateway.
/// </summary>
internal sealed class BrowserRoom : IDisposable
{
    public const string Room = "4711";
    public const string Pin = "246810";
    public const string ModeratorPin = "135791";

    private static int s_nextRange;

    private readonly string _prompts = Directory.CreateTempSubdirectory("bridge-webrtc-test").FullName;

    /// <param name="legTime">The browser legs' clock (ICE consent, RTP timeout); the system clock when null.</param>
    public BrowserRoom(TimeProvider? legTime = null)
    {
        var plan = DialPlanLoader.LoadText($$"""
            routes:
              - dialled: '/^7(\d{4})$/'
                room: "$1"
            rooms:
              - number: "{{Room}}"
                pin: "{{Pin}}"
                moderatorPin: "{{ModeratorPin}}"
            """);
        Assert.Empty(plan.Errors);
        Pins = new PinPolicy(new PinPolicyOptions(), TimeProvider.System, new Logger<PinPolicy>(Logs));
        Hub = new MediaHub(new PromptLibrary(_prompts, Logs.CreateLogger("prompts")), mixerThreads: 1);
        Conference = new ConferenceService(new StaticDialPlanProvider(plan.Plan!), Pins, TimeProvider.System, Logs, Hub);
        // A port range of its own per instance, so parallel test classes never share one.
        var low = 43000 + (Interlocked.Increment(ref s_nextRange) % 40 * 100);
        Legs = new WebRtcLegFactory(DtlsCertificate.Generate(), new RtpPortAllocator(low, low + 99), new CallsOptions { MediaAddress = IPAddress.Loopback }, legTime ?? TimeProvider.System, Logs);
        Admission = new CallAdmission(maxCallsPerSource: 3, maxCalls: 10);
        Gateway = new BrowserGateway(Conference, Legs, Hub, Admission, Logs.CreateLogger("gateway"));
    }

    public ListLoggerFactory Logs { get; } = new();

    public PinPolicy Pins { get; }

    public MediaHub Hub { get; }

    public ConferenceService Conference { get; }

    public WebRtcLegFactory Legs { get; }

    public BrowserGateway Gateway { get; }

    /// <summary>The concurrent-call limits browsers share with phones (3 per address here).</summary>
    public CallAdmission Admission { get; }

    /// <summary>Dials the phone in through the IVR with the room's PIN and waits until the roster lists it.</summary>
    public async Task<TestPhone> DialPhoneAsync(double frequency, string user = "+4930555123")
    {
        var phone = new TestPhone("phone-" + user, user, frequency);
        Hub.EnterLobby(phone);
        var call = Conference.HandleNewCall(phone, Conference.Route("7" + Room));
        foreach (var digit in Pin + "#")
        {
            call.OnDigit(digit);
        }

        Assert.True(await Until(() => Conference.Get(Room).Any(e => e.Id == phone.Id), TimeSpan.FromSeconds(5)), "the phone never reached the room");
        return phone;
    }

    /// <summary>PIN check and join as a browser named <paramref name="name"/>; the client gets the answer.</summary>
    public async Task<IBrowserParticipant> JoinBrowserAsync(TestWebRtcClient client, string name = "Ann", string pin = Pin)
    {
        var check = await Gateway.CheckPinAsync(IPAddress.Loopback, Room, pin, CancellationToken.None);
        Assert.Equal(BrowserPinOutcome.Accepted, check.Outcome);
        var participant = await Gateway.JoinAsync(check.Ticket!, name, client.CreateOffer(), CancellationToken.None);
        client.ApplyAnswer(participant.AnswerSdp);
        return participant;
    }

    public static async Task<bool> Until(Func<bool> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            if (DateTime.UtcNow >= deadline)
            {
                return false;
            }

            await Task.Delay(20);
        }

        return true;
    }

    public void Dispose()
    {
        Hub.Dispose();
        Pins.Dispose();
        Directory.Delete(_prompts, recursive: true);
    }
}
