namespace Bridge.Service.Tests.Commands;

/// <summary>Issue #4: <c>bridge dialplan check</c>, run as the admin runs it, exits non-zero on each broken file and names the place.</summary>
public sealed class DialPlanCheckCommandTests
{
    public static TheoryData<string, string> Broken => new()
    {
        { "bad YAML", "routes:\n  - dialled: \"conf\n    ask: room\n" },
        { "unknown key", "routes:\n  - dialled: \"conf\"\n    ask: room\n    colour: blue\n" },
        { "duplicate room number", "routes:\n  - dialled: \"conf\"\n    ask: room\nrooms:\n  - number: \"1\"\n    pin: \"246810\"\n  - number: \"1\"\n    pin: \"135791\"\n" },
        { "bad regex", "routes:\n  - dialled: '/^7(\\d{4}$/'\n    room: \"$1\"\n" },
        { "missing PIN", "routes:\n  - dialled: \"conf\"\n    ask: room\nrooms:\n  - number: \"4711\"\n" },
        { "short PIN", "routes:\n  - dialled: \"conf\"\n    ask: room\nrooms:\n  - number: \"4711\"\n    pin: \"12\"\n" },
        { "bad reject code", "routes:\n  - dialled: \"x\"\n    reject: 999\n" },
        { "route to unknown room", "routes:\n  - dialled: \"x\"\n    room: \"9\"\n" },
        { "wrong type", "routes:\n  - dialled: \"conf\"\n    ask: room\nrooms:\n  - number: \"4711\"\n    pin: \"246810\"\n    maxParticipants: many\n" },
        { "bad language", "routes:\n  - dialled: \"conf\"\n    ask: room\nrooms:\n  - number: \"4711\"\n    pin: \"246810\"\n    language: fr\n" },
    };

    [Theory]
    [MemberData(nameof(Broken))]
    public async Task Exits_1_and_names_file_line_and_column(string name, string yaml)
    {
        var file = Path.Combine(Directory.CreateTempSubdirectory("plan-").FullName, "broken.yaml");
        await File.WriteAllTextAsync(file, yaml);

        var (exitCode, output) = await BridgeCommand.RunAsync("dialplan", "check", file);

        Assert.True(exitCode == 1, $"{name}: exit code {exitCode}\n{output}");
        Assert.Matches(@"broken\.yaml:\d+:\d+: ", output);
    }

    [Fact]
    public async Task The_shipped_default_plan_passes()
    {
        var root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "Bridge.sln")))
        {
            root = Path.GetDirectoryName(root)!;
        }

        var (exitCode, output) = await BridgeCommand.RunAsync("dialplan", "check", Path.Combine(root, "dialplans"));

        Assert.True(exitCode == 0, output);
    }
}
