using System.Globalization;

namespace Bridge.LoadTests;

/// <summary>The harness's command line.</summary>
internal sealed record HarnessOptions(int[] Participants, string[] Servers, int Talkers, TimeSpan Window, int OptionsRate, int OptionsSeconds, string? Published, int SoakMinutes = 0)
{
    /// <summary>How long the room load runs after everyone has joined before its CPU window opens (both servers alike).</summary>
    public TimeSpan Settle { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>The Janus room's mixing rate: 16000 (AudioBridge's default) or 8000 (enough for a room of G.711 callers).</summary>
    public int JanusRate { get; init; } = 16000;

    /// <summary>Rounds of the room load: each round loads every server in turn (the order alternates between rounds).</summary>
    public int Repeat { get; init; } = 1;

    /// <summary>Rooms of the SRTP scenario (0: not run).</summary>
    public int Rooms { get; init; }

    public int PerRoom { get; init; } = 20;

    public int TalkersPerRoom { get; init; } = 3;

    public int FillRate { get; init; } = 100;

    public int StormRate { get; init; } = 200;

    public int StormCalls { get; init; }

    public int StormHoldSeconds { get; init; } = 3;

    /// <summary>The rooms' callers' codec: "pcmu" or "opus".</summary>
    public string Codec { get; init; } = "pcmu";

    /// <summary>With Opus: silent callers send a silence frame every 400 ms (DTX) instead of every 20 ms.</summary>
    public bool Dtx { get; init; }

    /// <summary>The rooms scenario's bridge runs at this nice value (the unit's <c>Nice=-15</c>); null: the harness's own.</summary>
    public int? BridgeNice { get; init; }

    public const string Usage = """
        usage: dotnet run -c Release --project tests/Bridge.LoadTests -- [options]
          --participants 50,200   room sizes to load (one room, 3 talkers, the rest silent); none: no room load
          --servers bridge,janus  which servers take the room load (side by side, one after the other)
          --window 30             seconds of each CPU window
          --settle 3              seconds the room load runs after the last join before its window opens (on every
                                  server; longer keeps one-off start-up work, such as .NET's tiered JIT, out of it)
          --janus-rate 16000      the Janus room's sampling_rate: 16000 (AudioBridge's default) or 8000 (all a room of
                                  G.711 callers needs; Bridge picks the rate of its widest codec by itself)
          --repeat 1              rounds of the room load; each round loads every server in turn, the order alternating
                                  between rounds, and the harness prints each server's median and the ratio of the medians
          --options-rate 5000     SIP OPTIONS per second on Kamailio and Bridge (0: skip)
          --options-seconds 20    how long the OPTIONS load lasts
          --published DIR         a published Bridge (bridge.dll) to use instead of publishing src/Bridge.Service
          --soak 60               instead of the above: the first room size on Bridge alone for this many minutes,
                                  memory (RSS) and CPU every minute, memory per participant and its growth
          --rooms 100             instead of the above: SDES-SRTP callers (--codec) on Bridge alone in this many rooms, each
                                  caller joining over SIP with the room's PIN (random, never printed) keyed as RFC 4733
                                  events; the bridge's limits raised for the load source; one window of --window s
          --per-room 20           callers per room
          --talkers-per-room 3    of them sending a tone (at most 3), the rest silence
          --codec pcmu            the callers' codec: pcmu, or opus (opus/48000/2 on payload type 111, telephone-event/48000;
                                  frames encoded once and replayed; every 10th listener of a room decodes to check tones)
          --silence frames        with opus: silent callers send a silence frame every 20 ms (frames) or, as with
                                  DTX, every 400 ms and nothing between (dtx)
          --fill-rate 100         calls per second while the rooms fill
          --storm-calls 0         then this many more callers join while the rooms stay in (0: no storm) …
          --storm-rate 200        … at this many calls per second …
          --storm-hold 3          … each staying this many seconds after it is admitted, then hanging up (BYE)
          --bridge-nice -15       the rooms' bridge runs at this nice value, as service/bridge.service runs it (Nice=-15);
                                  the load generator stays at the harness's own. Default: the harness's own for both
          --memory-map PID        alone: prints a running process's resident memory by kind (as the soak does every
                                  minute) and exits
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
                "--janus-rate" => int.Parse(value, CultureInfo.InvariantCulture) is var rate && rate is 8000 or 16000 or 24000 or 48000 ? options with { JanusRate = rate } : null,
                "--repeat" => int.Parse(value, CultureInfo.InvariantCulture) is >= 1 and <= 20 and var repeat ? options with { Repeat = repeat } : null,
                "--settle" => int.Parse(value, CultureInfo.InvariantCulture) is >= 0 and var settle ? options with { Settle = TimeSpan.FromSeconds(settle) } : null,
                "--options-rate" => options with { OptionsRate = int.Parse(value, CultureInfo.InvariantCulture) },
                "--options-seconds" => options with { OptionsSeconds = int.Parse(value, CultureInfo.InvariantCulture) },
                "--published" => options with { Published = Path.GetFullPath(value) },
                "--soak" => options with { SoakMinutes = int.Parse(value, CultureInfo.InvariantCulture) },
                "--rooms" => options with { Rooms = int.Parse(value, CultureInfo.InvariantCulture) },
                "--per-room" => options with { PerRoom = int.Parse(value, CultureInfo.InvariantCulture) },
                "--talkers-per-room" => options with { TalkersPerRoom = int.Parse(value, CultureInfo.InvariantCulture) },
                "--fill-rate" => options with { FillRate = int.Parse(value, CultureInfo.InvariantCulture) },
                "--storm-calls" => options with { StormCalls = int.Parse(value, CultureInfo.InvariantCulture) },
                "--storm-rate" => options with { StormRate = int.Parse(value, CultureInfo.InvariantCulture) },
                "--silence" => value is "frames" or "dtx" ? options with { Dtx = value == "dtx" } : null,
                "--codec" => options with { Codec = value.ToLowerInvariant() },
                "--storm-hold" => options with { StormHoldSeconds = int.Parse(value, CultureInfo.InvariantCulture) },
                "--bridge-nice" => int.Parse(value, CultureInfo.InvariantCulture) is >= -20 and <= 19 and var nice ? options with { BridgeNice = nice } : null,
                _ => null,
            };
            if (options is null)
            {
                return null;
            }
        }

        return args.Length % 2 == 0 && options.Servers.All(s => s is "bridge" or "janus")
            && options.Rooms is >= 0 and <= 999 && options.PerRoom > 0 && options.TalkersPerRoom >= 0 && options.FillRate > 0
            && options.Codec is "pcmu" or "opus" && options.StormRate > 0 && options.StormCalls >= 0 && options.StormHoldSeconds >= 0 ? options : null;
    }
}
