using System.Globalization;

namespace Bridge.Interop.Tests.Infrastructure;

/// <summary>Two network namespaces joined by a veth pair (bridge side 10.99.0.1/24, peer side 10.99.0.2/24), so a test
/// has two addresses that really differ and traffic that never leaves namespaces it created. Needs root and iproute2;
/// <see cref="DisposeAsync"/> deletes both namespaces (and with them the veth pair), also after a failure.</summary>
public sealed class NetworkNamespaces : IAsyncDisposable
{
    public const string BridgeAddress = "10.99.0.1";
    public const string PeerAddress = "10.99.0.2";

    private NetworkNamespaces(string bridge, string peer)
    {
        Bridge = bridge;
        Peer = peer;
    }

    /// <summary>The namespace the bridge runs in.</summary>
    public string Bridge { get; }

    /// <summary>The namespace the caller runs in.</summary>
    public string Peer { get; }

    /// <summary>Why namespaces cannot be made here (not root, no ip), or null when they can.</summary>
    public static string? Unavailable() =>
        !File.Exists("/usr/sbin/ip") && !File.Exists("/sbin/ip") && !File.Exists("/usr/bin/ip") ? "iproute2 (ip) is not installed"
        : Environment.UserName != "root" ? "network namespaces need root" : null;

    public static async Task<NetworkNamespaces> CreateAsync()
    {
        var suffix = Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
        var spaces = new NetworkNamespaces("brb" + suffix, "brp" + suffix);
        try
        {
            await IpAsync("netns", "add", spaces.Bridge);
            await IpAsync("netns", "add", spaces.Peer);
            await IpAsync("-n", spaces.Bridge, "link", "add", "vb" + suffix, "type", "veth", "peer", "name", "vp" + suffix, "netns", spaces.Peer);
            await IpAsync("-n", spaces.Bridge, "addr", "add", BridgeAddress + "/24", "dev", "vb" + suffix);
            await IpAsync("-n", spaces.Peer, "addr", "add", PeerAddress + "/24", "dev", "vp" + suffix);
            foreach (var (space, device) in new[] { (spaces.Bridge, "vb" + suffix), (spaces.Peer, "vp" + suffix) })
            {
                await IpAsync("-n", space, "link", "set", "lo", "up");
                await IpAsync("-n", space, "link", "set", device, "up");
            }
        }
        catch
        {
            await spaces.DisposeAsync();
            throw;
        }

        return spaces;
    }

    /// <summary>Runs <paramref name="file"/> in namespace <paramref name="space"/>.</summary>
    public static Task<ProcessRunner.Result> RunInAsync(string space, string file, IEnumerable<string> arguments, TimeSpan limit, string? workingDirectory = null) =>
        ProcessRunner.RunAsync("ip", ["netns", "exec", space, file, .. arguments], limit, workingDirectory);

    public async ValueTask DisposeAsync()
    {
        foreach (var space in new[] { Bridge, Peer })
        {
            await ProcessRunner.RunAsync("ip", ["netns", "del", space], TimeSpan.FromSeconds(10));
        }
    }

    private static async Task IpAsync(params string[] arguments)
    {
        var result = await ProcessRunner.RunAsync("ip", arguments, TimeSpan.FromSeconds(10));
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"ip {string.Join(' ', arguments)} failed: {result.Output}");
        }
    }
}
