using System.Globalization;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Bridge.DialPlans;

/// <summary>
/// Reads one dial plan file through YamlDotNet's representation model, so every value keeps its
/// line and column, and validates each key. It collects all errors instead of stopping at the first.
/// </summary>
internal sealed partial class DialPlanFileParser
{
    internal const int MinPinLength = 6;
    private const int MaxPinLength = 32;
    private const int MaxRoomNumberLength = 16;

    private static readonly string[] TopKeys = ["routes", "rooms", "trunks"];
    private static readonly string[] RouteKeys = ["dialled", "ask", "room", "reject", "echo", "media"];
    private static readonly string[] RoomKeys =
    [
        "number", "name", "pin", "pinHash", "moderatorPin", "moderatorPinHash", "maxParticipants",
        "waitForModerator", "endWhenModeratorLeaves", "announceJoinLeave", "language", "muteOnJoin",
        "media", "allowShortPin", "openEarly", "schedule", "lobby",
    ];

    private readonly string _file;

    internal DialPlanFileParser(string file) => _file = file;

    internal List<DialPlanError> Errors { get; } = [];

    internal List<Route> Routes { get; } = [];

    internal List<RoomConfig> Rooms { get; } = [];

    /// <summary>Positions of each room's <c>number</c>, parallel to <see cref="Rooms"/>.</summary>
    internal List<(int Line, int Column)> RoomPositions { get; } = [];

    internal List<RoomReference> RoomReferences { get; } = [];

    internal void Parse(string text)
    {
        var stream = new YamlStream();
        try
        {
            using var reader = new StringReader(text);
            stream.Load(reader);
        }
        catch (YamlException ex)
        {
            var message = ex.InnerException is not null && ex.Message.StartsWith("(Line", StringComparison.Ordinal)
                ? ex.InnerException.Message
                : ex.Message;
            if (message.Contains("tab", StringComparison.OrdinalIgnoreCase) && FindIndentingTab(text) is var (line, column))
            {
                Errors.Add(new DialPlanError(_file, line, column, "YAML syntax: a tab is used for indentation; indent with spaces"));
                return;
            }

            Error(ex.Start, "YAML syntax: " + StripMarkPrefix(message));
            return;
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is YamlScalarNode { Value: null or "" })
        {
            return; // an empty file is allowed: it contributes nothing
        }

        if (stream.Documents.Count > 1)
        {
            Error(stream.Documents[1].RootNode.Start, "only one YAML document per file is allowed");
        }

        if (stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            Error(stream.Documents[0].RootNode.Start, "the file must be a mapping with 'routes', 'rooms' and/or 'trunks'");
            return;
        }

        foreach (var (keyNode, value) in root.Children)
        {
            var key = KeyOf(keyNode, TopKeys);
            if (key == "routes" && AsSequence(value, "routes") is { } routes)
            {
                foreach (var item in routes.Children)
                {
                    ParseRoute(item);
                }
            }
            else if (key == "rooms" && AsSequence(value, "rooms") is { } rooms)
            {
                foreach (var item in rooms.Children)
                {
                    ParseRoom(item);
                }
            }
            else if (key == "trunks")
            {
                ParseTrunks(value);
            }
        }
    }

    private void ParseRoute(YamlNode node)
    {
        if (node is not YamlMappingNode map)
        {
            Error(node.Start, "a route must be a mapping such as { dialled: \"conf\", ask: room }");
            return;
        }

        string? dialled = null;
        Regex? pattern = null;
        int groups = 0;
        var actions = new List<(RouteAction Action, YamlNode Node)>();
        string? roomTemplate = null;
        YamlNode? roomNode = null;
        var rejectStatus = 0;
        MediaPolicy? media = null;

        foreach (var (keyNode, value) in map.Children)
        {
            switch (KeyOf(keyNode, RouteKeys))
            {
                case "dialled":
                    dialled = Scalar(value, "dialled");
                    if (dialled is null)
                    {
                        break;
                    }

                    if (dialled.Length == 0)
                    {
                        Error(value.Start, "'dialled' must not be empty");
                        dialled = null;
                    }
                    else if (dialled.Length >= 2 && dialled[0] == '/' && dialled[^1] == '/')
                    {
                        try
                        {
                            pattern = DialPlanRegex.Create(dialled[1..^1]);
                            groups = pattern.GetGroupNumbers().Length - 1;
                        }
                        catch (ArgumentException ex)
                        {
                            Error(value.Start, "invalid regular expression: " + ex.Message);
                            dialled = null;
                        }
                    }

                    break;
                case "ask":
                    if (Scalar(value, "ask") is { } ask)
                    {
                        if (ask == "room")
                        {
                            actions.Add((RouteAction.AskRoom, value));
                        }
                        else
                        {
                            Error(value.Start, $"'ask' must be 'room', not '{ask}'");
                        }
                    }

                    break;
                case "room":
                    roomTemplate = Scalar(value, "room");
                    roomNode = value;
                    if (roomTemplate is not null)
                    {
                        actions.Add((RouteAction.Room, value));
                    }

                    break;
                case "reject":
                    if (Scalar(value, "reject") is { } reject)
                    {
                        if (int.TryParse(reject, NumberStyles.None, CultureInfo.InvariantCulture, out rejectStatus)
                            && rejectStatus is >= 400 and <= 699)
                        {
                            actions.Add((RouteAction.Reject, value));
                        }
                        else
                        {
                            Error(value.Start, $"'reject' must be a SIP error status from 400 to 699 (e.g. 403, 404, 486), not '{reject}'");
                        }
                    }

                    break;
                case "echo":
                    if (Bool(value, "echo") is { } echo)
                    {
                        if (echo)
                        {
                            actions.Add((RouteAction.Echo, value));
                        }
                        else
                        {
                            Error(value.Start, "'echo' must be true (remove the route to disable the echo test)");
                        }
                    }

                    break;
                case "media":
                    media = Media(value);
                    break;
            }
        }

        if (dialled is null)
        {
            if (!map.Children.Keys.Any(k => k is YamlScalarNode { Value: "dialled" }))
            {
                Error(map.Start, "route has no 'dialled'");
            }

            return;
        }

        if (actions.Count == 0)
        {
            if (!map.Children.Keys.Any(k => k is YamlScalarNode { Value: "ask" or "room" or "reject" or "echo" }))
            {
                Error(map.Start, $"route '{dialled}' needs one of 'ask: room', 'room', 'reject' or 'echo: true'");
            }

            return;
        }

        if (actions.Count > 1)
        {
            Error(actions[1].Node.Start, $"route '{dialled}' has more than one of 'ask', 'room', 'reject', 'echo'");
            return;
        }

        if (roomTemplate is not null && roomNode is not null && !CheckRoomTemplate(roomTemplate, roomNode, pattern is not null, groups))
        {
            return;
        }

        var start = map.Start;
        Routes.Add(new Route(dialled, pattern, actions[0].Action, roomTemplate, rejectStatus, media, _file, Line(start), Column(start)));
    }

    private bool CheckRoomTemplate(string template, YamlNode node, bool isRegex, int groups)
    {
        if (template.Length == 0)
        {
            Error(node.Start, "'room' must not be empty");
            return false;
        }

        var hasReference = false;
        for (var i = 0; i < template.Length; i++)
        {
            var c = template[i];
            if (c == '$')
            {
                if (i + 1 >= template.Length || !char.IsAsciiDigit(template[i + 1]) || template[i + 1] == '0')
                {
                    Error(node.Start, "'room' may use $1 to $9 for regex groups, nothing else after '$'");
                    return false;
                }

                var group = template[i + 1] - '0';
                if (!isRegex || group > groups)
                {
                    Error(node.Start, isRegex
                        ? $"'room' uses ${group} but the regex has only {groups} group(s)"
                        : $"'room' uses ${group} but 'dialled' is not a /regex/");
                    return false;
                }

                hasReference = true;
                i++;
            }
            else if (!char.IsAsciiDigit(c))
            {
                Error(node.Start, $"'room' must be a room number (digits) or use $1..$9, not '{template}'");
                return false;
            }
        }

        if (!hasReference)
        {
            RoomReferences.Add(new RoomReference(template, _file, Line(node.Start), Column(node.Start)));
        }

        return true;
    }

    private string? KeyOf(YamlNode keyNode, string[] allowed)
    {
        if (keyNode is not YamlScalarNode { Value: { } key })
        {
            Error(keyNode.Start, "keys must be plain words");
            return null;
        }

        if (Array.IndexOf(allowed, key) < 0)
        {
            Error(keyNode.Start, $"unknown key '{key}' (allowed here: {string.Join(", ", allowed)})");
            return null;
        }

        return key;
    }

    private YamlSequenceNode? AsSequence(YamlNode node, string key)
    {
        if (node is YamlSequenceNode seq)
        {
            return seq;
        }

        if (node is YamlScalarNode { Value: null or "" })
        {
            return null; // "routes:" with nothing under it
        }

        Error(node.Start, $"'{key}' must be a list (items start with '- ')");
        return null;
    }

    private string? Scalar(YamlNode node, string key)
    {
        if (node is YamlScalarNode scalar)
        {
            return scalar.Value ?? string.Empty;
        }

        Error(node.Start, $"'{key}' must be a single value, not a {(node is YamlSequenceNode ? "list" : "mapping")}");
        return null;
    }

    private bool? Bool(YamlNode node, string key)
    {
        var value = Scalar(node, key);
        switch (value)
        {
            case null:
                return null;
            case "true" or "True" or "TRUE":
                return true;
            case "false" or "False" or "FALSE":
                return false;
            default:
                Error(node.Start, $"'{key}' must be true or false, not '{value}'");
                return null;
        }
    }

    private MediaPolicy? Media(YamlNode node)
    {
        switch (Scalar(node, "media"))
        {
            case null:
                return null;
            case "secure":
                return MediaPolicy.Secure;
            case "prefer-secure":
                return MediaPolicy.PreferSecure;
            case "plain":
                return MediaPolicy.Plain;
            case var other:
                Error(node.Start, $"'media' must be secure, prefer-secure or plain, not '{other}'");
                return null;
        }
    }

    private void Error(Mark mark, string message) =>
        Errors.Add(new DialPlanError(_file, Line(mark), Column(mark), message));

    private static int Line(Mark mark) => checked((int)mark.Line);

    private static int Column(Mark mark) => checked((int)mark.Column);

    /// <summary>YamlDotNet reports a tab in indentation at the start of the enclosing mapping; find the tab itself.</summary>
    private static (int Line, int Column)? FindIndentingTab(string text)
    {
        var line = 1;
        var column = 1;
        var indenting = true;
        foreach (var c in text)
        {
            if (c == '\n')
            {
                line++;
                column = 1;
                indenting = true;
                continue;
            }

            if (indenting && c == '\t')
            {
                return (line, column);
            }

            indenting &= c == ' ';
            column++;
        }

        return null;
    }

    private static string StripMarkPrefix(string message)
    {
        // YamlDotNet prefixes "(Line: 3, Col: 5, Idx: 20) - (Line: ...): " — our error carries the position already.
        var idx = message.IndexOf("): ", StringComparison.Ordinal);
        return message.StartsWith("(Line", StringComparison.Ordinal) && idx >= 0 ? message[(idx + 3)..] : message;
    }
}
