using System.Net;
using Bridge.Conferencing.Pins;
using Microsoft.Extensions.Configuration;

namespace Bridge.Service.Configuration;

/// <summary>The PIN brute-force limits under <c>Bridge:Security</c> (issue #8); README's table lists the keys.</summary>
internal static partial class BridgeOptionsReader
{
    private static PinPolicyOptions ReadPinPolicy(IConfigurationSection section, List<string> problems)
    {
        var defaults = new PinPolicyOptions();
        return defaults with
        {
            SourceFailureLimit = ReadWhole(section, "Security:PinFailuresPerSource", defaults.SourceFailureLimit, 1, 1000, problems),
            AddressFailureLimit = ReadWhole(section, "Security:PinFailuresPerAddress", defaults.AddressFailureLimit, 1, 100_000, problems),
            AddressLockout = TimeSpan.FromMinutes(ReadWhole(section, "Security:PinAddressLockoutMinutes", (int)defaults.AddressLockout.TotalMinutes, 1, 10_080, problems)),
            RoomFailureLimit = ReadWhole(section, "Security:PinFailuresPerRoom", defaults.RoomFailureLimit, 1, 100_000, problems),
            TrustedPbxAddresses = ReadAddresses(section, "Security:TrustedPbxAddresses", problems),
        };
    }

    /// <summary>A comma- or space-separated list (or a JSON array) of IP addresses (IPv4-mapped IPv6 addresses count as IPv4).</summary>
    private static HashSet<IPAddress> ReadAddresses(IConfigurationSection section, string key, List<string> problems)
    {
        var addresses = new HashSet<IPAddress>();

        // A string ("10.0.0.5, 10.0.0.6") or, from appsettings.json, an array.
        var text = section[key] ?? string.Join(',', section.GetSection(key).GetChildren().Select(child => child.Value));
        if (string.IsNullOrWhiteSpace(text))
        {
            return addresses;
        }

        foreach (var item in text.Split([',', ' ', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (IPAddress.TryParse(item, out var address))
            {
                addresses.Add(address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address);
            }
            else
            {
                problems.Add($"Bridge:{key}: '{item}' is not an IP address");
            }
        }

        return addresses;
    }
}
