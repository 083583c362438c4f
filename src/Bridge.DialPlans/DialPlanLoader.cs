using System.Globalization;

namespace Bridge.DialPlans;

/// <summary>
/// Loads a dial plan from one YAML file or from every <c>*.yaml</c>/<c>*.yml</c> file of a directory
/// (merged in file-name order: routes keep that order, rooms must be unique across files).
/// </summary>
public static partial class DialPlanLoader
{
    /// <summary>Most files read from a directory, and the largest file accepted.</summary>
    internal const int MaxFiles = 256;
    internal const long MaxFileBytes = 4 * 1024 * 1024;

    /// <summary>Loads and validates a file or a directory; never throws for bad input.</summary>
    public static DialPlanLoadResult Load(string fileOrDirectory)
    {
        ArgumentException.ThrowIfNullOrEmpty(fileOrDirectory);
        List<string> files;
        if (Directory.Exists(fileOrDirectory))
        {
            files = [.. Directory.EnumerateFiles(fileOrDirectory)
                .Where(f => f.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".yml", StringComparison.OrdinalIgnoreCase))
                .Order(StringComparer.Ordinal)];
            if (files.Count == 0)
            {
                return Failed(fileOrDirectory, "the directory holds no .yaml or .yml file");
            }

            if (files.Count > MaxFiles)
            {
                return Failed(fileOrDirectory, string.Create(CultureInfo.InvariantCulture, $"more than {MaxFiles} dial plan files"));
            }
        }
        else if (File.Exists(fileOrDirectory))
        {
            files = [fileOrDirectory];
        }
        else
        {
            return Failed(fileOrDirectory, "no such file or directory");
        }

        var sources = new List<(string File, string? Text, string? Error)>(files.Count);
        foreach (var file in files)
        {
            try
            {
                if (new FileInfo(file).Length > MaxFileBytes)
                {
                    sources.Add((file, null, "file is larger than 4 MiB"));
                    continue;
                }

                sources.Add((file, File.ReadAllText(file), null));
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                sources.Add((file, null, "cannot read: " + ex.Message));
            }
        }

        return Build(sources);
    }

    /// <summary>Loads a plan from YAML text (tests, admin API previews); <paramref name="fileName"/> appears in errors.</summary>
    public static DialPlanLoadResult LoadText(string yaml, string fileName = "dialplan.yaml")
    {
        ArgumentNullException.ThrowIfNull(yaml);
        return Build([(fileName, yaml, null)]);
    }

    private static DialPlanLoadResult Build(List<(string File, string? Text, string? Error)> sources)
    {
        var errors = new List<DialPlanError>();
        var routes = new List<Route>();
        var rooms = new Dictionary<string, RoomConfig>(StringComparer.Ordinal);
        var roomPlaces = new Dictionary<string, string>(StringComparer.Ordinal);
        var references = new List<RoomReference>();
        var trunks = new TrunkMerge();

        foreach (var (file, text, readError) in sources)
        {
            if (readError is not null)
            {
                errors.Add(new DialPlanError(file, 0, 0, readError));
                continue;
            }

            var parser = new DialPlanFileParser(file);
            parser.Parse(text!);

            errors.AddRange(parser.Errors.OrderBy(e => e.Line).ThenBy(e => e.Column));
            routes.AddRange(parser.Routes);
            references.AddRange(parser.RoomReferences);
            trunks.Add(file, parser, errors);
            for (var i = 0; i < parser.Rooms.Count; i++)
            {
                var room = parser.Rooms[i];
                var (line, column) = parser.RoomPositions[i];
                if (roomPlaces.TryGetValue(room.Number, out var first))
                {
                    errors.Add(new DialPlanError(file, line, column,
                        $"duplicate room number {room.Number} (first defined at {first})"));
                    continue;
                }

                rooms.Add(room.Number, room);
                roomPlaces.Add(room.Number, string.Create(CultureInfo.InvariantCulture, $"{file}:{line}:{column}"));
            }
        }

        foreach (var reference in references)
        {
            if (!rooms.ContainsKey(reference.Number) && !roomPlaces.ContainsKey(reference.Number))
            {
                errors.Add(new DialPlanError(reference.File, reference.Line, reference.Column,
                    $"route goes to room {reference.Number}, which no file defines"));
            }
        }

        if (errors.Count == 0 && routes.Count == 0)
        {
            // Also what a reload sees when an editor has just truncated the file: keep the old plan.
            errors.Add(new DialPlanError(sources[0].File, 0, 0, "the plan has no routes: every call would be refused with 404"));
        }

        if (errors.Count > 0)
        {
            return new DialPlanLoadResult(null, errors);
        }

        return new DialPlanLoadResult(new DialPlan(routes, rooms, [.. sources.Select(s => s.File)]) { Trunks = trunks.ToTable() }, []);
    }

    private static DialPlanLoadResult Failed(string path, string message) =>
        new(null, [new DialPlanError(path, 0, 0, message)]);
}
