using Microsoft.AspNetCore.Http;

namespace Bridge.Web.Signalling;

/// <summary>
/// Cross-site WebSocket hijacking defence (RFC 6455 §10.2): a browser always sends <c>Origin</c> with a WebSocket
/// handshake, and only the page's own origin (or one the admin allowed) may open the signalling socket.
/// </summary>
internal sealed class OriginPolicy(BridgeWebOptions options)
{
    private readonly HashSet<string> _allowed = new(options.AllowedOrigins.Select(Normalise), StringComparer.OrdinalIgnoreCase);

    public bool Allows(HttpRequest request)
    {
        var origin = request.Headers.Origin.ToString();
        if (string.IsNullOrEmpty(origin) || request.Headers.Origin.Count != 1)
        {
            return false;
        }

        origin = Normalise(origin);
        if (_allowed.Contains(origin))
        {
            return true;
        }

        // The page's own origin: the scheme and Host the browser used for this request.
        var own = request.Scheme + "://" + request.Host.Value;
        return string.Equals(origin, own, StringComparison.OrdinalIgnoreCase);
    }

    private static string Normalise(string origin) => origin.Trim().TrimEnd('/');
}
