using Bridge.Service.Commands;
using Bridge.Service.Hosting;

namespace Bridge.Service;

/// <summary>
/// The <c>bridge</c> command. Without a verb (or with <c>run</c>) it hosts the service; configuration
/// comes from appsettings.json, <c>Bridge__…</c> environment variables and <c>--Key=Value</c> arguments.
/// <c>bridge --version</c> prints the version. Other verbs are admin tools: <c>bridge dialplan check [PATH]</c>, <c>bridge pin hash</c>, <c>bridge certs dev</c>.
/// </summary>
internal static class Program
{
    private static async Task<int> Main(string[] args)
    {
        if (args is ["--version"] or ["version"])
        {
            Console.WriteLine(ProductVersion.Text);
            return 0;
        }

        if (args.Length == 0 || args[0].StartsWith('-') || args[0] == "run")
        {
            var hostArgs = args.Length > 0 && args[0] == "run" ? args[1..] : args;
            return await BridgeHost.RunAsync(hostArgs).ConfigureAwait(false);
        }

        return AdminCommands.Invoke(args);
    }
}
