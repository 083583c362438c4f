using System.Globalization;
using Bridge.DialPlans.Scheduling;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Bridge.DialPlans;

/// <summary>The <c>rooms</c> half of the parser: room keys, PIN rules (plain or PBKDF2 hash, minimum length); the schedule keys are in the Schedule part.</summary>
internal sealed partial class DialPlanFileParser
{
    private void ParseRoom(YamlNode node)
    {
        if (node is not YamlMappingNode map)
        {
            Error(node.Start, "a room must be a mapping such as { number: \"4711\", pin: \"246810\" }");
            return;
        }

        var errorsBefore = Errors.Count;
        string? number = null;
        Mark numberMark = map.Start;
        string name = string.Empty;
        (string Value, YamlNode Node)? pin = null, pinHash = null, moderatorPin = null, moderatorPinHash = null;
        int maxParticipants = 0;
        bool waitForModerator = false, lobby = false, endWhenModeratorLeaves = false, announceJoinLeave = false, muteOnJoin = false, allowShortPin = false;
        string language = "en";
        MediaPolicy media = MediaPolicy.PreferSecure;
        TimeSpan openEarly = RoomConfig.DefaultOpenEarly;
        IReadOnlyList<MeetingTime> schedule = [];

        foreach (var (keyNode, value) in map.Children)
        {
            var key = KeyOf(keyNode, RoomKeys);
            switch (key)
            {
                case "number":
                    number = Scalar(value, key);
                    numberMark = value.Start;
                    if (number is not null && (number.Length is 0 or > MaxRoomNumberLength || !number.All(char.IsAsciiDigit)))
                    {
                        Error(value.Start, $"room 'number' must be 1 to {MaxRoomNumberLength} digits, not '{number}'");
                        number = null;
                    }

                    break;
                case "name":
                    name = Scalar(value, key) ?? string.Empty;
                    break;
                case "pin":
                    pin = Scalar(value, key) is { } p ? (p, value) : null;
                    break;
                case "pinHash":
                    pinHash = Scalar(value, key) is { } ph ? (ph, value) : null;
                    break;
                case "moderatorPin":
                    moderatorPin = Scalar(value, key) is { } mp ? (mp, value) : null;
                    break;
                case "moderatorPinHash":
                    moderatorPinHash = Scalar(value, key) is { } mph ? (mph, value) : null;
                    break;
                case "maxParticipants":
                    if (Scalar(value, key) is { } max)
                    {
                        if (!int.TryParse(max, NumberStyles.None, CultureInfo.InvariantCulture, out maxParticipants)
                            || maxParticipants is < 1 or > 10_000)
                        {
                            Error(value.Start, $"'maxParticipants' must be a whole number from 1 to 10000, not '{max}'");
                        }
                    }

                    break;
                case "waitForModerator":
                    waitForModerator = Bool(value, key) ?? false;
                    break;
                case "lobby":
                    lobby = Bool(value, key) ?? false;
                    break;
                case "endWhenModeratorLeaves":
                    endWhenModeratorLeaves = Bool(value, key) ?? false;
                    break;
                case "announceJoinLeave":
                    announceJoinLeave = Bool(value, key) ?? false;
                    break;
                case "muteOnJoin":
                    muteOnJoin = Bool(value, key) ?? false;
                    break;
                case "allowShortPin":
                    allowShortPin = Bool(value, key) ?? false;
                    break;
                case "language":
                    if (Scalar(value, key) is { } lang)
                    {
                        if (lang is "en" or "de")
                        {
                            language = lang;
                        }
                        else
                        {
                            Error(value.Start, $"'language' must be 'en' or 'de', not '{lang}'");
                        }
                    }

                    break;
                case "media":
                    media = Media(value) ?? MediaPolicy.PreferSecure;
                    break;
                case "openEarly":
                    openEarly = Span(value, key, TimeSpan.Zero, MaxOpenEarly) ?? RoomConfig.DefaultOpenEarly;
                    break;
                case "schedule":
                    schedule = ParseSchedule(value);
                    break;
            }
        }

        if (number is null)
        {
            if (!map.Children.Keys.Any(k => k is YamlScalarNode { Value: "number" }))
            {
                Error(map.Start, "room has no 'number'");
            }

            return;
        }

        var participant = Secret(number, "pin", pin, "pinHash", pinHash, allowShortPin, required: true, map.Start);
        var moderator = Secret(number, "moderatorPin", moderatorPin, "moderatorPinHash", moderatorPinHash, allowShortPin, required: false, map.Start);

        if (pin is { } a && moderatorPin is { } b && string.Equals(a.Value, b.Value, StringComparison.Ordinal))
        {
            Error(b.Node.Start, $"room {number}: 'moderatorPin' must differ from 'pin'");
        }

        if ((waitForModerator || endWhenModeratorLeaves) && moderatorPin is null && moderatorPinHash is null)
        {
            Error(map.Start, $"room {number}: 'waitForModerator' and 'endWhenModeratorLeaves' need a 'moderatorPin' or 'moderatorPinHash'");
        }

        if (lobby && moderatorPin is null && moderatorPinHash is null)
        {
            Error(map.Start, $"room {number}: 'lobby' needs a 'moderatorPin' or 'moderatorPinHash' (only a moderator can admit)");
        }

        if (Errors.Count != errorsBefore || participant is null)
        {
            return;
        }

        Rooms.Add(new RoomConfig
        {
            Number = number,
            Name = name,
            Pin = participant,
            ModeratorPin = moderator,
            MaxParticipants = maxParticipants,
            WaitForModerator = waitForModerator,
            Lobby = lobby,
            EndWhenModeratorLeaves = endWhenModeratorLeaves,
            AnnounceJoinLeave = announceJoinLeave,
            Language = language,
            MuteOnJoin = muteOnJoin,
            Media = media,
            Schedule = schedule,
            OpenEarly = openEarly,
            Source = string.Create(CultureInfo.InvariantCulture, $"{_file}:{Line(numberMark)}"),
        });
        RoomPositions.Add((Line(numberMark), Column(numberMark)));
    }

    private PinSecret? Secret(
        string room,
        string plainKey,
        (string Value, YamlNode Node)? plain,
        string hashKey,
        (string Value, YamlNode Node)? hash,
        bool allowShort,
        bool required,
        Mark roomStart)
    {
        if (plain is not null && hash is not null)
        {
            Error(hash.Value.Node.Start, $"room {room}: give either '{plainKey}' or '{hashKey}', not both");
            return null;
        }

        if (plain is { } p)
        {
            if (p.Value.Length == 0 || p.Value.Length > MaxPinLength || !p.Value.All(char.IsAsciiDigit))
            {
                Error(p.Node.Start, $"room {room}: '{plainKey}' must be 1 to {MaxPinLength} digits");
                return null;
            }

            if (p.Value.Length < MinPinLength && !allowShort)
            {
                Error(p.Node.Start, $"room {room}: '{plainKey}' is shorter than {MinPinLength} digits (set 'allowShortPin: true' to accept it)");
                return null;
            }

            return PinSecret.FromDigits(p.Value);
        }

        if (hash is { } h)
        {
            if (PinSecret.TryFromHash(h.Value, out var secret, out var error))
            {
                return secret;
            }

            Error(h.Node.Start, $"room {room}: '{hashKey}': {error}");
            return null;
        }

        if (required)
        {
            Error(roomStart, $"room {room} has no PIN: set 'pin' or 'pinHash'");
        }

        return null;
    }
}
