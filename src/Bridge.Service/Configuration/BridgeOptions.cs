using System.Net;

namespace Bridge.Service.Configuration;

/// <summary>
/// The validated configuration of one running bridge, read from the <c>Bridge</c> section
/// (appsettings.json, <c>Bridge__…</c> environment variables, <c>--Bridge:…=</c> arguments).
/// The key names are a contract with admins and tools: see README.md.
/// </summary>
internal sealed record BridgeOptions
{
    public IPEndPoint? SipUdp { get; init; }
    public IPEndPoint? SipTcp { get; init; }
    public IPEndPoint? SipTls { get; init; }
    public int RtpPortLow { get; init; }
    public int RtpPortHigh { get; init; }
    public IPAddress MediaAddress { get; init; } = IPAddress.Loopback;
    public string DialPlans { get; init; } = "dialplans";
    public string DataDirectory { get; init; } = "data";
    public string? TlsCertificate { get; init; }
    public string? TlsKey { get; init; }
    public string? TlsPassword { get; init; }
    public string? TlsClientCa { get; init; }
    public TimeSpan RtpTimeout { get; init; } = TimeSpan.FromSeconds(30);
    public string PromptsDirectory { get; init; } = "prompts";
    public TimeSpan AnswerDelay { get; init; }
    public TimeSpan SessionTimerMinimum { get; init; } = TimeSpan.FromSeconds(90);
    public string? SipAdvertisedHost { get; init; }
    public bool SipShowVersion { get; init; }
    public IPAddress? MediaPublicAddress { get; init; }
    public TimeSpan MixerReportInterval { get; init; } = TimeSpan.FromSeconds(60);
    public Bridge.Sip.Security.SipGuardOptions Guard { get; init; } = new();
    public int MaxCallsPerSource { get; init; } = 20;
    public int MaxCalls { get; init; } = 500;
    public Bridge.Media.Codecs.OpusLibrary Opus { get; init; } = Bridge.Media.Codecs.OpusLibrary.Auto;
    public int MixerRealtimePriority { get; init; } = 10;
    public int MediaReceiveThreads { get; init; }
    public int Gen1LimitMiB { get; init; } = BridgeOptionsReader.DefaultGen1LimitMiB;
    public Bridge.Conferencing.Pins.PinPolicyOptions Pins { get; init; } = new();
    public WebHostOptions Web { get; init; } = new();

    /// <summary>Back-off of failed trunk registrations (<c>Bridge:Trunks:RegisterRetry*</c>).</summary>
    public Bridge.Calls.Registration.RegistrationBackoff RegistrationBackoff { get; init; } = new();

    /// <summary>The DNS server for dial-out targets given as a domain (RFC 3263); null = /etc/resolv.conf's first.</summary>
    public System.Net.IPEndPoint? DialOutNameserver { get; init; }

    public OpsOptions Ops { get; init; } = new();

    /// <summary><c>Bridge:Admin:Oidc:*</c>: dashboard sign-in at the company's OpenID Connect provider; null = API tokens only.</summary>
    public Bridge.Web.Api.SignIn.AdminSignInOptions? AdminOidc { get; init; }
}
