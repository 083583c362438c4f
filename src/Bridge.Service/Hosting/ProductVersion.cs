using System.Reflection;
using System.Runtime.InteropServices;

namespace Bridge.Service.Hosting;

/// <summary>
/// The product's one version (issue 15), set once in <c>Directory.Build.props</c> and read back from the assembly's
/// informational version: shown by <c>bridge --version</c>, in the start log, and in the SIP <c>Server</c> /
/// <c>User-Agent</c> header (RFC 3261 §20.35, §20.41) only when <c>Bridge:Sip:ShowVersion</c> is true, so that by
/// default a scanner learns the product name and nothing about which fixes it has.
/// </summary>
internal static class ProductVersion
{
    /// <summary>The product name, the whole header value by default.</summary>
    public const string Product = "Bridge";

    /// <summary>The version, e.g. <c>0.1.0</c>.</summary>
    public static string Text { get; } =
        typeof(ProductVersion).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";

    /// <summary>The value of the SIP <c>Server</c> and <c>User-Agent</c> headers: <c>Bridge</c>, or <c>Bridge/0.1.0</c> if the admin asks.</summary>
    public static string SipAgent(bool showVersion) => showVersion ? $"{Product}/{Text}" : Product;

    /// <summary>What the start log says about the program: version, runtime, platform and whether the runtime is bundled.</summary>
    public static string Describe() =>
        $"{Product} {Text} ({RuntimeInformation.FrameworkDescription}, {RuntimeInformation.RuntimeIdentifier}, " +
        (IsSelfContained ? "self-contained" : "framework-dependent") + ")";

    /// <summary>True when the program ships its own .NET runtime (the Debian package and the Windows archive).</summary>
    private static bool IsSelfContained =>
        File.Exists(Path.Combine(AppContext.BaseDirectory, OperatingSystem.IsWindows() ? "coreclr.dll" : "libcoreclr.so"));
}
