using Bridge.Calls.Registration;
using Microsoft.Extensions.Configuration;

namespace Bridge.Service.Configuration;

/// <summary>Keys under <c>Bridge:Trunks</c> (issue 12): the back-off of failed registrations; README's table lists them.</summary>
internal static partial class BridgeOptionsReader
{
    private static RegistrationBackoff ReadRegistrationBackoff(IConfigurationSection section, List<string> problems)
    {
        var defaults = new RegistrationBackoff();
        var baseSeconds = ReadWhole(section, "Trunks:RegisterRetryBaseSeconds", (int)defaults.Base.TotalSeconds, 1, 3600, problems);
        var maxSeconds = ReadWhole(section, "Trunks:RegisterRetryMaxSeconds", (int)defaults.Max.TotalSeconds, 1, 86400, problems);
        if (maxSeconds < baseSeconds)
        {
            problems.Add($"Bridge:Trunks:RegisterRetryMaxSeconds ({maxSeconds}) must not be smaller than Bridge:Trunks:RegisterRetryBaseSeconds ({baseSeconds})");
        }

        return new RegistrationBackoff { Base = TimeSpan.FromSeconds(baseSeconds), Max = TimeSpan.FromSeconds(maxSeconds) };
    }

    /// <summary><c>Bridge:Trunks:Nameserver</c>: the DNS server asked for dial-out targets given as a domain (RFC 3263);
    /// <c>10.0.0.53</c> or <c>127.0.0.1:5353</c>; empty = the first <c>nameserver</c> of /etc/resolv.conf.</summary>
    private static System.Net.IPEndPoint? ReadNameserver(IConfigurationSection section, List<string> problems)
    {
        var text = section["Trunks:Nameserver"];
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (System.Net.IPEndPoint.TryParse(text.Trim(), out var endPoint))
        {
            return endPoint.Port == 0 ? new System.Net.IPEndPoint(endPoint.Address, 53) : endPoint;
        }

        problems.Add($"Bridge:Trunks:Nameserver must be an IP address, optionally with a port (10.0.0.53, 127.0.0.1:5353), not '{text}'");
        return null;
    }
}
