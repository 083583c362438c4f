using Microsoft.Extensions.Configuration;

namespace Bridge.Service.Configuration;

/// <summary>The data directory alone, for admin verbs that need no other option (<c>bridge token …</c>).</summary>
internal static partial class BridgeOptionsReader
{
    /// <summary><c>Bridge:Data</c> made absolute against the content root; <c>data/</c> there when unset (as <see cref="Read(IConfiguration, string, out IReadOnlyList{string})"/>).</summary>
    public static string ReadDataDirectory(IConfiguration configuration, string contentRoot) =>
        Configured(configuration.GetSection("Bridge")["Data"], contentRoot) ?? Rooted("data", contentRoot);
}
