using System.Text;
using Bridge.Sip.Messages;
using Bridge.Sip.Stack;
using Bridge.Sip.Transport;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Bridge.Sip.Tests.Support;

/// <summary>A UAS user agent on a fake clock and an in-memory channel, for the extension tests (RFC 4028, 3262).</summary>
internal sealed class UasHarness
{
    public const string Offer = "v=0\r\no=- 1 1 IN IP4 198.51.100.7\r\ns=-\r\nc=IN IP4 198.51.100.7\r\nt=0 0\r\nm=audio 4000 RTP/AVP 0\r\n";
    public const string Answer = "v=0\r\no=- 2 2 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 192.0.2.1\r\nt=0 0\r\nm=audio 5000 RTP/AVP 0\r\n";
    private readonly TaskCompletionSource<IncomingCall> _incoming = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public UasHarness(SipEndpointOptions? options = null)
    {
        Channel = new InMemoryChannel(Time);
        Ua = new SipUserAgent(Channel, Time, options ?? new SipEndpointOptions(), NullLogger.Instance)
        {
            IncomingCallHandler = call =>
            {
                _incoming.TrySetResult(call);
                return Task.CompletedTask;
            },
        };
        Start = Time.GetUtcNow();
    }

    public FakeTimeProvider Time { get; } = new();

    public InMemoryChannel Channel { get; }

    public SipUserAgent Ua { get; }

    public DateTimeOffset Start { get; }

    public bool HasIncoming => _incoming.Task.IsCompleted;

    /// <summary>The call handed to the application.</summary>
    public Task<IncomingCall> Incoming => _incoming.Task.WaitAsync(TimeSpan.FromSeconds(10));

    public void Deliver(SipMessage message, SipRemote? from = null) => Ua.OnMessage(message, from ?? SipText.Phone);

    /// <summary>Advances the fake clock in 50 ms steps, as timers would see real time pass.</summary>
    public void Run(TimeSpan total)
    {
        for (var elapsed = TimeSpan.Zero; elapsed < total; elapsed += TimeSpan.FromMilliseconds(50))
        {
            Time.Advance(TimeSpan.FromMilliseconds(50));
        }
    }

    /// <summary>Seconds since the start at which messages matching <paramref name="match"/> were sent.</summary>
    public IReadOnlyList<double> SentAt(Func<SipMessage, bool> match) =>
        Channel.Sent.Where(s => match(s.Message)).Select(s => Math.Round((s.At - Start).TotalSeconds, 2)).ToList();

    public async Task<IncomingCall> IncomingAsync(string extra = "", string? body = Offer)
    {
        Deliver(SipText.Request(SipMethods.Invite, body: body, extra: extra));
        return await Incoming;
    }

    /// <summary>An answered and ACKed call; returns the 200 OK.</summary>
    public async Task<(IncomingCall Call, SipResponse Ok)> ConfirmedAsync(string extra = "")
    {
        var call = await IncomingAsync(extra);
        await call.AcceptAsync(Encoding.UTF8.GetBytes(Answer));
        var ok = Channel.Responses(200).Single();
        Deliver(InDialog(SipMethods.Ack, ok, 1, "z9hG4bK-ack"));
        return (call, ok);
    }

    public static SipRequest InDialog(string method, SipResponse ok, long cseq, string branch, string? body = null, string extra = "") =>
        SipText.Request(method, branch: branch, cseq: cseq, toTag: ok.To!.Tag, body: body, extra: extra);

    /// <summary>The peer's answer to a request the bridge sent, with extra header lines.</summary>
    public static SipResponse Reply(SipRequest request, int status, string extra = "")
    {
        var response = SipResponse.CreateFor(request, status);
        var text = Encoding.UTF8.GetString(response.ToBytes());
        var headerEnd = text.IndexOf("Content-Length", StringComparison.Ordinal);
        if (headerEnd < 0)
        {
            headerEnd = text.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 2;
        }

        return (SipResponse)SipText.Parse(text[..headerEnd] + extra + text[headerEnd..]);
    }
}
