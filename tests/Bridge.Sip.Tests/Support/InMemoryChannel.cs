using System.Net;
using Bridge.Sip.Messages;
using Bridge.Sip.Parsing;
using Bridge.Sip.Transactions;
using Bridge.Sip.Transport;

namespace Bridge.Sip.Tests.Support;

/// <summary>Records what the stack sends (parsed back), with the fake time of each send; no sockets.</summary>
internal sealed class InMemoryChannel(TimeProvider time, string transport = SipTransportNames.Udp) : ISipMessageChannel
{
    private readonly object _gate = new();
    private readonly List<SentMessage> _sent = [];

    public static readonly IPEndPoint Local = new(IPAddress.Parse("192.0.2.1"), 5060);

    public bool FailSends { get; set; }

    public IReadOnlyList<SentMessage> Sent
    {
        get
        {
            lock (_gate)
            {
                return [.. _sent];
            }
        }
    }

    public ValueTask<bool> SendAsync(ReadOnlyMemory<byte> data, SipRemote destination)
    {
        var result = SipParser.ParseDatagram(data.Span, SipParserLimits.Default);
        Assert.Equal(SipParseStatus.Ok, result.Status);
        lock (_gate)
        {
            _sent.Add(new SentMessage(result.Message!, destination, time.GetUtcNow()));
        }

        return ValueTask.FromResult(!FailSends);
    }

    public SipListenPoint? GetListenPoint(string name) =>
        string.Equals(name, transport, StringComparison.Ordinal) ? new SipListenPoint(name, Local) : null;

    public IReadOnlyList<SipResponse> Responses(int status) =>
        Sent.Select(s => s.Message).OfType<SipResponse>().Where(r => r.StatusCode == status).ToList();

    public IReadOnlyList<SipRequest> Requests(string method) =>
        Sent.Select(s => s.Message).OfType<SipRequest>().Where(r => r.Method == method).ToList();

    public void Clear()
    {
        lock (_gate)
        {
            _sent.Clear();
        }
    }
}

internal sealed record SentMessage(SipMessage Message, SipRemote Destination, DateTimeOffset At);
