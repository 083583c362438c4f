using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Configuration;

namespace Bridge.Service.Configuration;

/// <summary>
/// Reads <see cref="BridgeOptions"/> from configuration and reports every bad value with its key,
/// so that a wrong setting stops start-up with a clear message instead of a socket exception later.
/// </summary>
internal static partial class BridgeOptionsReader
{
    public const string DefaultUdp = "0.0.0.0:5060";
    public const string DefaultTcp = "0.0.0.0:5060";
    public const string DefaultTls = "0.0.0.0:5061";
    public const string DefaultRtpPorts = "20000-29999";

    /// <summary>Reads the options with the shipped assets (prompts, demo dial plan) beside this program.</summary>
    public static BridgeOptions Read(IConfiguration configuration, string contentRoot, out IReadOnlyList<string> errors) =>
        Read(configuration, contentRoot, AppContext.BaseDirectory, out errors);

    /// <summary>
    /// Reads the options. A relative path an admin sets (<c>Bridge:DialPlans</c>, <c>Bridge:Data</c>, <c>Bridge:Prompts</c>,
    /// TLS files) is taken relative to <paramref name="contentRoot"/> (the working directory unless <c>--contentRoot</c> or
    /// <c>DOTNET_CONTENTROOT</c> names another); unset, the prompts and the demo dial plan are the ones shipped in
    /// <paramref name="programDirectory"/>, and data goes to <c>data/</c> under the content root.
    /// </summary>
    public static BridgeOptions Read(IConfiguration configuration, string contentRoot, string programDirectory, out IReadOnlyList<string> errors)
    {
        var problems = new List<string>();
        var section = configuration.GetSection("Bridge");

        var udp = ReadEndPoint(section, "Sip:Udp", DefaultUdp, problems);
        var tcp = ReadEndPoint(section, "Sip:Tcp", DefaultTcp, problems);
        var tls = ReadEndPoint(section, "Sip:Tls", DefaultTls, problems);
        var (low, high) = ReadPortRange(section["Rtp:Ports"] ?? DefaultRtpPorts, problems);

        var mediaAddress = IPAddress.Loopback;
        var mediaText = section["Media:Address"];
        if (!string.IsNullOrWhiteSpace(mediaText))
        {
            if (!IPAddress.TryParse(mediaText.Trim(), out var parsed))
            {
                problems.Add($"Bridge:Media:Address: '{mediaText}' is not an IP address");
            }
            else
            {
                mediaAddress = parsed;
            }
        }
        else
        {
            mediaAddress = GuessMediaAddress(udp ?? tcp ?? tls);
        }

        var opus = Bridge.Media.Codecs.OpusLibrary.Auto;
        var opusText = section["Media:Opus"];
        if (!string.IsNullOrWhiteSpace(opusText) && !Enum.TryParse(opusText.Trim(), ignoreCase: true, out opus))
        {
            problems.Add($"Bridge:Media:Opus: '{opusText}' is not auto, native or managed");
        }

        var timeout = TimeSpan.FromSeconds(ReadWhole(section, "Rtp:TimeoutSeconds", 30, 1, 86_400, problems));
        var answerDelay = TimeSpan.FromMilliseconds(ReadWhole(section, "Calls:AnswerDelayMs", 0, 0, 60_000, problems));
        var mixerReport = TimeSpan.FromSeconds(ReadWhole(section, "Metrics:MixerReportSeconds", 60, 1, 86_400, problems));
        var realtimePriority = ReadWhole(section, "Media:RealtimePriority", 10, 0, 99, problems);
        var advertised = ReadAddress(section, "Sip:AdvertisedAddress", problems);
        var publicMedia = ReadAddress(section, "Media:PublicAddress", problems);
        var sessionTimerMinimum = TimeSpan.FromSeconds(ReadWhole(section, "Sip:SessionTimer:MinSeconds", 90, 1, 86_400, problems));

        // Issue #5: scanner and flood defence.
        var defaults = new Bridge.Sip.Security.SipGuardOptions();
        var guard = defaults with
        {
            RequestsPerSecond = ReadPositive(section, "Security:RequestsPerSecond", (int)defaults.RequestsPerSecond, problems),
            Burst = ReadPositive(section, "Security:Burst", defaults.Burst, problems),
            BanDuration = TimeSpan.FromSeconds(ReadPositive(section, "Security:BanSeconds", (int)defaults.BanDuration.TotalSeconds, problems)),
            DropScanners = ReadBoolean(section, "Security:DropScanners", defaults.DropScanners, problems),
        };
        var maxCallsPerSource = ReadPositive(section, "Security:MaxCallsPerSource", 20, problems);
        var maxCalls = ReadPositive(section, "Security:MaxCalls", 500, problems);
        var pins = ReadPinPolicy(section, problems);
        var registrationBackoff = ReadRegistrationBackoff(section, problems);
        var nameserver = ReadNameserver(section, problems);

        var ops = ReadOps(configuration, problems);
        var adminOidc = ReadAdminOidc(configuration, contentRoot, problems);
        errors = problems;
        return new BridgeOptions
        {
            SipUdp = udp,
            SipTcp = tcp,
            SipTls = tls,
            RtpPortLow = low,
            RtpPortHigh = high,
            MediaAddress = mediaAddress,
            DialPlans = Configured(section["DialPlans"], contentRoot) ?? Rooted("dialplans", programDirectory),
            DataDirectory = Configured(section["Data"], contentRoot) ?? Rooted("data", contentRoot),
            PromptsDirectory = Configured(section["Prompts"], contentRoot) ?? Rooted("prompts", programDirectory),
            TlsCertificate = Configured(section["Tls:Certificate"], contentRoot),
            TlsKey = Configured(section["Tls:Key"], contentRoot),
            TlsPassword = section["Tls:Password"],
            TlsClientCa = Configured(section["Tls:ClientCa"], contentRoot),
            RtpTimeout = timeout,
            AnswerDelay = answerDelay,
            MixerReportInterval = mixerReport,
            Guard = guard,
            MaxCallsPerSource = maxCallsPerSource,
            MaxCalls = maxCalls,
            Opus = opus,
            MixerRealtimePriority = realtimePriority,
            MediaReceiveThreads = ReadReceiveThreads(section, problems),
            Gen1LimitMiB = ReadGen1Limit(section, problems),
            SessionTimerMinimum = sessionTimerMinimum,
            SipAdvertisedHost = advertised?.ToString(),
            SipShowVersion = ReadBoolean(section, "Sip:ShowVersion", false, problems),
            MediaPublicAddress = publicMedia,
            Ops = ops,
            AdminOidc = adminOidc,
            Pins = pins,
            Web = ReadWeb(section, problems),
            RegistrationBackoff = registrationBackoff,
            DialOutNameserver = nameserver,
        };
    }

    /// <summary>An optional IP address (behind 1:1 NAT: the public one); a bad value is reported with its key.</summary>
    private static IPAddress? ReadAddress(IConfigurationSection section, string key, List<string> problems)
    {
        var text = section[key];
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (!IPAddress.TryParse(text.Trim(), out var address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any))
        {
            problems.Add($"Bridge:{key}: '{text}' is not a unicast IP address");
            return null;
        }

        return address;
    }

    /// <summary>A whole number from 1 to 10,000,000 under <c>Bridge:<paramref name="key"/></c>, or the default when absent.</summary>
    private static int ReadPositive(IConfigurationSection section, string key, int fallback, List<string> problems) =>
        ReadWhole(section, key, fallback, 1, 10_000_000, problems);

    /// <summary>A whole number within bounds; a bad value is reported with its key and the fallback used.</summary>
    private static int ReadWhole(IConfiguration section, string key, int fallback, int min, int max, List<string> problems)
    {
        var text = section[key];
        if (string.IsNullOrWhiteSpace(text))
        {
            return fallback;
        }

        if (!int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            problems.Add($"Bridge:{key}: '{text}' is not a whole number from {min} to {max}");
            return fallback;
        }

        return value;
    }

    private static bool ReadBoolean(IConfigurationSection section, string key, bool fallback, List<string> problems)
    {
        var text = section[key];
        if (string.IsNullOrWhiteSpace(text))
        {
            return fallback;
        }

        if (!bool.TryParse(text.Trim(), out var value))
        {
            problems.Add($"Bridge:{key}: '{text}' is not true or false");
            return fallback;
        }

        return value;
    }

    /// <summary>Parses <c>IP:PORT</c> (IPv6 as <c>[::1]:5060</c>); an empty value disables the transport.</summary>
    public static bool TryParseEndPoint(string text, out IPEndPoint? endPoint)
    {
        endPoint = null;
        text = text.Trim();
        if (text.Length == 0)
        {
            return true;
        }

        if (!IPEndPoint.TryParse(text, out var parsed) || parsed.Port == 0 && !text.EndsWith(":0", StringComparison.Ordinal))
        {
            return false;
        }

        // IPEndPoint.TryParse accepts a bare address; a listener needs an explicit port.
        var hasPort = parsed.AddressFamily == AddressFamily.InterNetworkV6 ? text.Contains("]:", StringComparison.Ordinal) : text.Contains(':', StringComparison.Ordinal);
        if (!hasPort)
        {
            return false;
        }

        endPoint = parsed;
        return true;
    }

    public static bool TryParsePortRange(string text, out int low, out int high)
    {
        low = high = 0;
        var dash = text.IndexOf('-', StringComparison.Ordinal);
        return dash > 0
            && int.TryParse(text.AsSpan(0, dash).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out low)
            && int.TryParse(text.AsSpan(dash + 1).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out high)
            && low is >= 1024 and <= 65534 && high <= 65535 && high - low >= 1;
    }

    private static IPEndPoint? ReadEndPoint(IConfiguration section, string key, string fallback, List<string> problems)
    {
        var text = section[key] ?? fallback;
        if (!TryParseEndPoint(text, out var endPoint))
        {
            problems.Add($"Bridge:{key}: '{text}' is not IP:PORT (use an empty value to disable this transport)");
        }

        return endPoint;
    }

    private static (int Low, int High) ReadPortRange(string text, List<string> problems)
    {
        if (!TryParsePortRange(text, out var low, out var high))
        {
            problems.Add($"Bridge:Rtp:Ports: '{text}' is not LOW-HIGH with 1024 <= LOW < HIGH <= 65535");
            return (20000, 29999);
        }

        return (low, high);
    }

    private static IPAddress GuessMediaAddress(IPEndPoint? sipEndPoint)
    {
        if (sipEndPoint is not null && !sipEndPoint.Address.Equals(IPAddress.Any) && !sipEndPoint.Address.Equals(IPAddress.IPv6Any))
        {
            return sipEndPoint.Address;
        }

        // Listening on every interface: the address a packet to the outside would leave from.
        try
        {
            using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            probe.Connect(new IPEndPoint(IPAddress.Parse("192.0.2.1"), 9));
            if (probe.LocalEndPoint is IPEndPoint local)
            {
                return local.Address;
            }
        }
        catch (SocketException)
        {
            // No route at all: fall through to loopback.
        }

        return IPAddress.Loopback;
    }

    private static string Rooted(string path, string contentRoot) => Path.GetFullPath(path, contentRoot);

    /// <summary>A path set in configuration, made absolute against the content root; null when unset or blank.</summary>
    private static string? Configured(string? path, string contentRoot) =>
        string.IsNullOrWhiteSpace(path) ? null : Path.GetFullPath(path.Trim(), contentRoot);
}
