using System.Globalization;

namespace Bridge.LoadTests;

/// <summary>The harness's command line.</summary>
internal sealed record HarnessOptions(int[] Participants, string[] Servers, int Talkers, TimeSpan Window, int OptionsRate, int OptionsSeconds, string? Published, int SoakMinutes = 0)
{
    public const string Usage = """
        usage: dotnet run -c Release --project tests/Bridge.LoadTests -- [options]
          --participants 50,200   room sizes to load (one room, 3 talkers, the rest silent); none: no room load
          --servers bridge,janus  which servers take the room load (side by side, one after the other)
          --window 30             seconds of each CPU window
          --options-rate 5000     SIP OPTIONS per second on Kamailio and Bridge (0: skip)
          --options-seconds 20    how long the OPTIONS load lasts
          --published DIR         a published Bridge (bridge.dll) to use instead of publishing src/Bridge.Service
          --soak 60               instead of the above: the first room size on Bridge alone for this many minutes,
                                  memory (RSS) and CPU every minute, memory per participant and its growth
        """;

    public static HarnessOptions? Parse(string[] args)
    {
        var options = new HarnessOptions([50, 200], ["bridge", "janus"], 3, TimeSpan.FromSeconds(30), 5000, 20, null);
        for (int i = 0; i + 1 < args.Length; i += 2)
        {
            var value = args[i + 1];
            options = args[i] switch
            {
                "--participants" => options with { Participants = value == "none" ? [] : value.Split(',').Select(v => int.Parse(v, CultureInfo.InvariantCulture)).ToArray() },
                "--servers" => options with { Servers = value.Split(',') },
                "--window" => options with { Window = TimeSpan.FromSeconds(int.Parse(value, CultureInfo.InvariantCulture)) },
                "--options-rate" => options with { OptionsRate = int.Parse(value, CultureInfo.InvariantCulture) },
                "--options-seconds" => options with { OptionsSeconds = int.Parse(value, CultureInfo.InvariantCulture) },
                "--published" => options with { Published = Path.GetFullPath(value) },
                "--soak" => options with { SoakMinutes = int.Parse(value, CultureInfo.InvariantCulture) },
                _ => null,
            };
            if (options is null)
            {
                return null;
            }
        }

        return args.Length % 2 == 0 && options.Servers.All(s => s is "bridge" or "janus") ? options : null;
    }
}
