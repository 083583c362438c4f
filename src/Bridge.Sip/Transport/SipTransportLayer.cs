using Bridge.Sip.Messages;
using Bridge.Sip.Parsing;
using Bridge.Sip.Stack;
using Bridge.Sip.Transactions;
using Microsoft.Extensions.Logging;

namespace Bridge.Sip.Transport;

/// <summary>The set of running transports (RFC 3261 §18): picks the transport for a send, turns parse results into
/// messages for the stack, answers a malformed request with "400 reason" (stateless) and drops malformed responses.</summary>
internal sealed class SipTransportLayer : ISipMessageChannel, ISipTransportSink, IAsyncDisposable
{
    private readonly List<ISipTransport> _transports = [];
    private readonly ILogger _logger;
    private readonly string _serverHeader;

    public SipTransportLayer(ILogger logger, string serverHeader)
    {
        _logger = logger;
        _serverHeader = serverHeader;
    }

    /// <summary>Receives every well-formed message.</summary>
    public Action<SipMessage, SipRemote>? Handler { get; set; }

    public IReadOnlyList<SipListenPoint> ListenPoints
    {
        get
        {
            var points = new List<SipListenPoint>(_transports.Count);
            foreach (var transport in _transports)
            {
                points.Add(new SipListenPoint(transport.Name, transport.LocalEndPoint));
            }

            return points;
        }
    }

    public void Add(ISipTransport transport) => _transports.Add(transport);

    public void Start()
    {
        foreach (var transport in _transports)
        {
            transport.Start(this);
        }
    }

    public SipListenPoint? GetListenPoint(string transport)
    {
        var found = Find(transport);
        return found is null ? null : new SipListenPoint(found.Name, found.LocalEndPoint);
    }

    public ValueTask<bool> SendAsync(ReadOnlyMemory<byte> data, SipRemote destination)
    {
        var transport = Find(destination.Transport);
        return transport is null ? ValueTask.FromResult(false) : transport.SendAsync(data, destination, CancellationToken.None);
    }

    private ISipTransport? Find(string name)
    {
        foreach (var transport in _transports)
        {
            if (string.Equals(transport.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return transport;
            }
        }

        return null;
    }

    public void OnReceived(in SipParseResult result, SipRemote remote)
    {
        if (result.Status == SipParseStatus.Ok && result.Message is { } message)
        {
            Handler?.Invoke(message, remote);
            return;
        }

        if (result.Status != SipParseStatus.Malformed)
        {
            return;
        }

        var reason = result.Error ?? "Bad Request";
        if (!result.LooksLikeRequest || result.Message is not SipRequest request ||
            request.TopVia is null || request.CallId is null || request.CSeq is null || request.From is null || request.To is null)
        {
            if (result.LooksLikeRequest)
            {
                SipLog.MalformedRequest(_logger, remote, reason);
            }
            else
            {
                SipLog.MalformedResponse(_logger, remote, reason);
            }

            return;
        }

        // RFC 3261 §8.2 / §21.4.1: answer "400 <reason>" statelessly, to the §18.2.2 address.
        SipLog.MalformedRequest(_logger, remote, reason);
        if (string.Equals(request.Method, SipMethods.Ack, StringComparison.Ordinal))
        {
            return;
        }

        SipTransactionLayer.StampReceived(request, request.TopVia, remote);
        var response = SipResponseFactory.Create(request, 400, reason);
        response.Headers.Add("Server", _serverHeader);
        _ = SendAsync(response.ToBytes(), SipTransactionLayer.ResponseDestination(request, remote));
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var transport in _transports)
        {
            await transport.DisposeAsync().ConfigureAwait(false);
        }

        _transports.Clear();
    }
}
