using System.Net;
using Bridge.Sip.Stack;
using Microsoft.Extensions.Logging.Abstractions;

namespace Bridge.Sip.Tests.Support;

/// <summary>Real-socket endpoints on 127.0.0.1 port 0.</summary>
internal static class Endpoints
{
    public static readonly IPEndPoint Any = new(IPAddress.Loopback, 0);

    public static async Task<SipEndpoint> StartAsync(SipEndpointOptions options)
    {
        var endpoint = new SipEndpoint(options, TimeProvider.System, NullLoggerFactory.Instance);
        await endpoint.StartAsync(CancellationToken.None);
        return endpoint;
    }

    public static IPEndPoint Bound(SipEndpoint endpoint, string transport) =>
        endpoint.ListenPoints.Single(p => p.Transport == transport).EndPoint;
}
