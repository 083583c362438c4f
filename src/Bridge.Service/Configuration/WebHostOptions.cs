using System.Net;

namespace Bridge.Service.Configuration;

/// <summary>The web host's keys under <c>Bridge:Web</c> (issue 9): where Kestrel listens, and extra allowed origins for the signalling socket.</summary>
internal sealed record WebHostOptions
{
    /// <summary>Plain HTTP (browsers allow the microphone on <c>http://localhost</c> only); null when disabled.</summary>
    public IPEndPoint? Http { get; init; }

    /// <summary>HTTPS with the SIP-over-TLS certificate (or the development one); null when disabled.</summary>
    public IPEndPoint? Https { get; init; }

    /// <summary>Origins besides the page's own that may open <c>/ws</c> (e.g. behind a reverse proxy).</summary>
    public IReadOnlyList<string> AllowedOrigins { get; init; } = [];
}
