using Bridge.Service.Hosting;
using Microsoft.Extensions.Hosting;

namespace Bridge.Service.Tests.Hosting;

/// <summary>
/// Issue 11: the bridge reads the appsettings files beside the program even when it runs from another directory,
/// and those of the content root (e.g. /etc/bridge) override them; environment variables and arguments override both.
/// </summary>
public sealed class BridgeHostBuilderTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("host-builder-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Folder(string name, params (string File, string Json)[] files)
    {
        var path = Directory.CreateDirectory(Path.Combine(_dir, name)).FullName;
        foreach (var (file, json) in files)
        {
            File.WriteAllText(Path.Combine(path, file), json);
        }

        return path;
    }

    [Fact]
    public void Program_settings_lie_below_the_content_roots_and_the_arguments()
    {
        var program = Folder("program",
            ("appsettings.json", """{ "Bridge": { "A": "program", "B": "program", "D": "program" } }"""),
            ("appsettings.Production.json", """{ "Bridge": { "C": "program-production" } }"""));
        var root = Folder("etc", ("appsettings.json", """{ "Bridge": { "B": "content-root" } }"""));
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            ContentRootPath = root,
            EnvironmentName = "Production",
            Args = ["--Bridge:D=argument"],
        });

        BridgeHostBuilder.AddProgramSettings(builder.Configuration, builder.Environment, program);

        Assert.Equal("program", builder.Configuration["Bridge:A"]);
        Assert.Equal("content-root", builder.Configuration["Bridge:B"]);
        Assert.Equal("program-production", builder.Configuration["Bridge:C"]);
        Assert.Equal("argument", builder.Configuration["Bridge:D"]);
    }

    [Fact]
    public void No_settings_file_is_watched_so_writes_under_the_content_root_cost_nothing()
    {
        // With reload-on-change, a watcher over the whole content root turned each log line and call record written under
        // it into events and allocations (13 % of a join storm's).
        var root = Folder("watched", ("appsettings.json", """{ "Bridge": { "A": "content-root" } }"""));

        var builder = BridgeHostBuilder.Create([$"--contentRoot={root}"]);

        var files = builder.Configuration.Sources.OfType<Microsoft.Extensions.Configuration.Json.JsonConfigurationSource>().ToList();
        Assert.Contains(files, f => f.Path == "appsettings.json");
        Assert.All(files, f => Assert.False(f.ReloadOnChange, $"{f.Path} is watched"));
        Assert.Equal("content-root", builder.Configuration["Bridge:A"]);
    }

    [Fact]
    public void Running_in_the_program_directory_reads_its_files_once()
    {
        var program = Folder("same", ("appsettings.json", """{ "Bridge": { "A": "program" } }"""));
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = program, EnvironmentName = "Production" });
        var sources = builder.Configuration.Sources.Count;

        BridgeHostBuilder.AddProgramSettings(builder.Configuration, builder.Environment, program + Path.DirectorySeparatorChar);

        Assert.Equal(sources, builder.Configuration.Sources.Count);
        Assert.Equal("program", builder.Configuration["Bridge:A"]);
    }
}
