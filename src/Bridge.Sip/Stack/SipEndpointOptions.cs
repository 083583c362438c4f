using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Bridge.Sip.Parsing;
using Bridge.Sip.Security;
using Bridge.Sip.Transactions;
using Bridge.Sip.Transport;

namespace Bridge.Sip.Stack;

/// <summary>Configuration of a <see cref="SipEndpoint"/>. A null listen address disables that transport.</summary>
public sealed record SipEndpointOptions
{
    /// <summary>UDP listen address (port 0 picks one).</summary>
    public IPEndPoint? Udp { get; init; }

    /// <summary>TCP listen address.</summary>
    public IPEndPoint? Tcp { get; init; }

    /// <summary>TLS listen address; needs <see cref="TlsCertificate"/>.</summary>
    public IPEndPoint? Tls { get; init; }

    /// <summary>Server certificate (with private key) for the TLS transport.</summary>
    public X509Certificate2? TlsCertificate { get; init; }

    /// <summary>
    /// Replaceable TLS identity and client-certificate demand; when null, made from <see cref="TlsCertificate"/>.
    /// Give it to renew the certificate while running or to require certificates from PBX trunks.
    /// </summary>
    public SipTlsCredentials? TlsCredentials { get; init; }

    /// <summary>Validates peers' certificates on outgoing TLS connections; null uses the system's default validation.</summary>
    public RemoteCertificateValidationCallback? TlsServerCertificateValidation { get; init; }

    /// <summary>User-Agent / Server header value.</summary>
    public string UserAgent { get; init; } = "Bridge";

    /// <summary>Host written into Contact and Via instead of the local socket address (e.g. a public address behind NAT).</summary>
    public string? AdvertisedHost { get; init; }

    /// <summary>User part of our Contact URI.</summary>
    public string ContactUser { get; init; } = "bridge";

    /// <summary>T1, T2, T4.</summary>
    public SipTimerOptions Timers { get; init; } = new();

    /// <summary>Open TCP/TLS connections allowed from one source address.</summary>
    public int MaxTcpConnectionsPerSource { get; init; } = 64;

    /// <summary>Open TCP/TLS connections allowed in total, per transport.</summary>
    public int MaxTcpConnections { get; init; } = 4096;

    /// <summary>A connection with nothing received for this long is closed.</summary>
    public TimeSpan TcpIdleTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Limit for TCP connect plus TLS handshake.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>An incoming INVITE the application neither accepts nor rejects within this time gets 480
    /// (so a forgotten call cannot stay half-open forever).</summary>
    public TimeSpan UnansweredCallTimeout { get; init; } = TimeSpan.FromMinutes(3);

    /// <summary>RFC 4028 Min-SE: a smaller Session-Expires gets 422. The RFC's floor is 90 s; tests may go lower.</summary>
    public TimeSpan SessionTimerMinimum { get; init; } = TimeSpan.FromSeconds(90);

    /// <summary>Message size and header limits enforced before anything else.</summary>
    public SipParserLimits ParserLimits { get; init; } = SipParserLimits.Default;

    /// <summary>Scanner and flood defence (issue #5): per-source rate limit with ban, scanner User-Agents dropped.</summary>
    public SipGuardOptions Guard { get; init; } = new();

    /// <summary>Declared trunks (issue 12): their sources get a budget of their own and flood bans per caller; null = none.</summary>
    public ISipTrunkDirectory? Trunks { get; init; }
}
