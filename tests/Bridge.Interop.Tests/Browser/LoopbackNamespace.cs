using System.Globalization;
using Bridge.Interop.Tests.Infrastructure;

namespace Bridge.Interop.Tests.Browser;

/// <summary>
/// A network namespace with only <c>lo</c> (up): the bridge, the phones and Chromium run in it, so every packet of a
/// browser test (HTTP, WebSocket, ICE, DTLS, SRTP) stays on 127.0.0.0/8 and Chromium sees no other interface to offer.
/// Needs root and iproute2; <see cref="DisposeAsync"/> deletes it, also after a failure.
/// </summary>
public sealed class LoopbackNamespace : IAsyncDisposable
{
    private LoopbackNamespace(string name) => Name = name;

    public string Name { get; }

    public static async Task<LoopbackNamespace> CreateAsync()
    {
        var space = new LoopbackNamespace("brw" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        await ProcessRunner.RunAsync("ip", ["netns", "del", space.Name], TimeSpan.FromSeconds(10)); // a killed run's leftover
        await IpAsync("netns", "add", space.Name);
        try
        {
            await IpAsync("-n", space.Name, "link", "set", "lo", "up");
        }
        catch
        {
            await space.DisposeAsync();
            throw;
        }

        return space;
    }

    public async ValueTask DisposeAsync() => await ProcessRunner.RunAsync("ip", ["netns", "del", Name], TimeSpan.FromSeconds(10));

    private static async Task IpAsync(params string[] arguments)
    {
        var result = await ProcessRunner.RunAsync("ip", arguments, TimeSpan.FromSeconds(10));
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"ip {string.Join(' ', arguments)} failed: {result.Output}");
        }
    }
}
