using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.WindowsServices;

namespace Bridge.Service.Hosting;

/// <summary>
/// Where the bridge reads its configuration from, so that it runs the same from any working directory.
/// The content root is the working directory, or the one named by <c>--contentRoot</c> / <c>DOTNET_CONTENTROOT</c>
/// (the Linux unit names <c>/etc/bridge</c>); a Windows service, whose working directory is System32, uses the
/// program's directory. <c>appsettings.json</c> and <c>appsettings.{Environment}.json</c> are read beside the program
/// first and then from the content root, which overrides them; environment variables and arguments override both. None of
/// them is watched for changes.
/// </summary>
internal static class BridgeHostBuilder
{
    public static WebApplicationBuilder Create(string[] args)
    {
        // A web application builder: the same generic host, plus Kestrel for the web page and its signalling (WebHosting).
        // The content root's appsettings files are read once, as the program's are (nothing re-reads configuration): with the
        // host's default reload-on-change, a file watcher over the whole content root turned every write under it (the log,
        // the call records when the data directory is beside them) into events, paths and FileInfo objects, 13 % of what a
        // join storm allocated. A later --hostBuilder:reloadConfigOnChange=true still wins.
        var settings = new WebApplicationOptions
        {
            Args = ["--hostBuilder:reloadConfigOnChange=false", .. args],
            ContentRootPath = WindowsServiceHelpers.IsWindowsService() && !NamesContentRoot(args) ? AppContext.BaseDirectory : null,
        };
        var builder = WebApplication.CreateBuilder(settings);
        AddProgramSettings(builder.Configuration, builder.Environment, AppContext.BaseDirectory);
        return builder;
    }

    /// <summary>Puts the program's own appsettings files below the content root's (a no-op when they are the same directory).</summary>
    internal static void AddProgramSettings(IConfigurationManager configuration, IHostEnvironment environment, string programDirectory)
    {
        var program = Path.TrimEndingDirectorySeparator(Path.GetFullPath(programDirectory));
        var contentRoot = Path.TrimEndingDirectorySeparator(Path.GetFullPath(environment.ContentRootPath));
        var comparison = OperatingSystem.IsWindows() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        if (string.Equals(program, contentRoot, comparison))
        {
            return;
        }

        var sources = configuration.Sources;
        var index = 0;
        while (index < sources.Count && sources[index] is not JsonConfigurationSource)
        {
            index++;
        }

        sources.Insert(index, JsonFile(Path.Combine(program, "appsettings.json")));
        sources.Insert(index + 1, JsonFile(Path.Combine(program, $"appsettings.{environment.EnvironmentName}.json")));
    }

    private static JsonConfigurationSource JsonFile(string path)
    {
        var source = new JsonConfigurationSource { Path = path, Optional = true, ReloadOnChange = false };
        source.ResolveFileProvider();
        return source;
    }

    private static bool NamesContentRoot(string[] args) =>
        !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("DOTNET_CONTENTROOT"))
        || args.Any(a => a.Contains("contentRoot", StringComparison.OrdinalIgnoreCase));
}
