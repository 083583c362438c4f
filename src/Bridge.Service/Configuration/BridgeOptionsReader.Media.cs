using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace Bridge.Service.Configuration;

/// <summary>Media receive settings (issue 14); README's configuration table lists the keys.</summary>
internal static partial class BridgeOptionsReader
{
    /// <summary>The most receive threads the bridge runs (each owns an epoll set; a few are plenty, they batch).</summary>
    public const int MaxReceiveThreads = 8;

    /// <summary>
    /// <c>Bridge:Media:ReceiveThreads</c>: dedicated RTP receive threads (epoll + recvmmsg on Linux), <c>0</c> for an
    /// asynchronous socket loop per socket (the portable path), <c>auto</c> (default) for 1 on up to 2 cores, else 2.
    /// </summary>
    private static int ReadReceiveThreads(IConfigurationSection section, List<string> problems)
    {
        const string key = "Media:ReceiveThreads";
        var text = section[key];
        if (string.IsNullOrWhiteSpace(text) || string.Equals(text.Trim(), "auto", StringComparison.OrdinalIgnoreCase))
        {
            return AutoReceiveThreads(Environment.ProcessorCount);
        }

        if (!int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value > MaxReceiveThreads)
        {
            problems.Add($"Bridge:{key}: '{text}' is not auto or a whole number from 0 to {MaxReceiveThreads}");
            return AutoReceiveThreads(Environment.ProcessorCount);
        }

        return value;
    }

    /// <summary>The <c>auto</c> receive threads for <paramref name="cores"/> cores.</summary>
    internal static int AutoReceiveThreads(int cores) => cores <= 2 ? 1 : 2;

    /// <summary>The default of <c>Bridge:Media:Gen1LimitMiB</c>.</summary>
    public const int DefaultGen1LimitMiB = 12;

    /// <summary>The largest <c>Bridge:Media:Gen1LimitMiB</c> accepted.</summary>
    public const int MaxGen1LimitMiB = 1024;

    /// <summary>
    /// <c>Bridge:Media:Gen1LimitMiB</c>: the size at which the bridge collects the garbage collector's generation 1 itself
    /// (<see cref="Hosting.GcPacer"/>), <c>0</c> to leave it to the runtime.
    /// </summary>
    private static int ReadGen1Limit(IConfigurationSection section, List<string> problems)
    {
        const string key = "Media:Gen1LimitMiB";
        var text = section[key];
        if (string.IsNullOrWhiteSpace(text))
        {
            return DefaultGen1LimitMiB;
        }

        if (!int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value > MaxGen1LimitMiB)
        {
            problems.Add($"Bridge:{key}: '{text}' is not a whole number of MiB from 0 to {MaxGen1LimitMiB}");
            return DefaultGen1LimitMiB;
        }

        return value;
    }
}
