namespace Bridge.Conferencing.Prompts;

/// <summary>Maps prompt ids and a language to WAV files under the prompts directory (made by <c>prompts/generate.sh</c>).</summary>
public static class PromptCatalog
{
    /// <summary>Smallest and largest count spoken as a number; above that it is "more than twenty".</summary>
    public const int MinNumber = 2;

    /// <summary>Largest number with its own file.</summary>
    public const int MaxNumber = 20;

    /// <summary>Languages with a full prompt set.</summary>
    public static IReadOnlyList<string> Languages { get; } = ["en", "de"];

    /// <summary>The language used when a room names one we do not have.</summary>
    public const string DefaultLanguage = "en";

    /// <summary>A fixed prompt (not <see cref="PromptId.Number"/>) in <paramref name="language"/>.</summary>
    public static PromptRef Get(PromptId id, string language)
    {
        if (id is PromptId.Number or PromptId.Digit)
        {
            throw new ArgumentException("use Number(n, language) or Digits(text, language) for spoken numbers", nameof(id));
        }

        var lang = Normalize(language);
        return new PromptRef(id, 0, lang, $"{lang}/{Stem(id)}.wav");
    }

    /// <summary>A spoken number from <see cref="MinNumber"/> to <see cref="MaxNumber"/>.</summary>
    public static PromptRef Number(int n, string language)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(n, MinNumber);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(n, MaxNumber);
        var lang = Normalize(language);
        return new PromptRef(PromptId.Number, n, lang, string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{lang}/number-{n}.wav"));
    }

    /// <summary>The digits of <paramref name="number"/> spoken one by one ("4", "7", "1", "1"); other characters are skipped.</summary>
    public static IReadOnlyList<PromptRef> Digits(string number, string language)
    {
        ArgumentNullException.ThrowIfNull(number);
        var lang = Normalize(language);
        var list = new List<PromptRef>(number.Length);
        foreach (var c in number)
        {
            if (c is >= '0' and <= '9')
            {
                list.Add(Digit(c - '0', lang));
            }
        }

        return list;
    }

    /// <summary>The same prompt (fixed, number or digit) in <paramref name="language"/>.</summary>
    public static PromptRef InLanguage(PromptRef prompt, string language)
    {
        return prompt.Id switch
        {
            PromptId.Number => Number(prompt.Number, language),
            PromptId.Digit => Digit(prompt.Number, Normalize(language)),
            _ => Get(prompt.Id, language),
        };
    }

    /// <summary>0 and 1 have files of their own; 2–9 are the <see cref="PromptId.Number"/> files.</summary>
    private static PromptRef Digit(int digit, string lang) => digit >= MinNumber
        ? Number(digit, lang)
        : new(PromptId.Digit, digit, lang, string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{lang}/digit-{digit}.wav"));

    /// <summary>
    /// "You are the first participant" / "There is one other participant" / "There are N other
    /// participants" (N = 2..20) / "There are more than twenty other participants".
    /// </summary>
    public static IReadOnlyList<PromptRef> ParticipantCount(int others, string language)
    {
        return others switch
        {
            <= 0 => [Get(PromptId.FirstParticipant, language)],
            1 => [Get(PromptId.OneOtherParticipant, language)],
            > MaxNumber => [Get(PromptId.MoreThanTwentyParticipants, language)],
            _ => [Get(PromptId.ThereAre, language), Number(others, language), Get(PromptId.OtherParticipants, language)],
        };
    }

    /// <summary>Every file of one language (for checks at start-up and in tests).</summary>
    public static IReadOnlyList<PromptRef> All(string language)
    {
        var list = new List<PromptRef>();
        foreach (var id in Enum.GetValues<PromptId>())
        {
            if (id is not (PromptId.Number or PromptId.Digit))
            {
                list.Add(Get(id, language));
            }
        }

        for (var d = 0; d < MinNumber; d++)
        {
            list.Add(Digit(d, Normalize(language)));
        }

        for (var n = MinNumber; n <= MaxNumber; n++)
        {
            list.Add(Number(n, language));
        }

        return list;
    }

    /// <summary>Files of every language that are missing under <paramref name="promptsDirectory"/> (check at start-up).</summary>
    public static IReadOnlyList<string> Missing(string promptsDirectory)
    {
        ArgumentNullException.ThrowIfNull(promptsDirectory);
        var missing = new List<string>();
        foreach (var language in Languages)
        {
            foreach (var prompt in All(language))
            {
                if (!File.Exists(Path.Combine(promptsDirectory, prompt.RelativePath)))
                {
                    missing.Add(prompt.RelativePath);
                }
            }
        }

        return missing;
    }

    private static string Normalize(string? language) =>
        language is not null && Languages.Contains(language, StringComparer.Ordinal) ? language : DefaultLanguage;

    private static string Stem(PromptId id) => id switch
    {
        PromptId.Welcome => "welcome",
        PromptId.EnterConferenceNumber => "enter-conference-number",
        PromptId.InvalidConferenceNumber => "invalid-conference-number",
        PromptId.EnterPin => "enter-pin",
        PromptId.WrongPin => "wrong-pin",
        PromptId.Goodbye => "goodbye",
        PromptId.FirstParticipant => "first-participant",
        PromptId.OneOtherParticipant => "one-other-participant",
        PromptId.ThereAre => "there-are",
        PromptId.OtherParticipants => "other-participants",
        PromptId.MoreThanTwentyParticipants => "more-than-20-participants",
        PromptId.ParticipantJoined => "participant-joined",
        PromptId.ParticipantLeft => "participant-left",
        PromptId.WaitingForModerator => "waiting-for-moderator",
        PromptId.RoomFull => "room-full",
        PromptId.RoomLocked => "room-locked",
        PromptId.RoomUnlocked => "room-unlocked",
        PromptId.Muted => "muted",
        PromptId.Unmuted => "unmuted",
        PromptId.AllMuted => "all-muted",
        PromptId.EndsInFiveMinutes => "ends-in-5-minutes",
        PromptId.ConferenceEnded => "conference-ended",
        PromptId.NotPossible => "not-possible",
        PromptId.EchoTest => "echo-test",
        PromptId.ConferenceNotOpen => "conference-not-open",
        PromptId.HandRaised => "hand-raised",
        PromptId.HandLowered => "hand-lowered",
        PromptId.LobbyWait => "lobby-wait",
        PromptId.LobbyMusic => "lobby-music",
        PromptId.LobbyDenied => "lobby-denied",
        PromptId.LobbyKnock => "lobby-knock",
        PromptId.LobbyAdmitted => "lobby-admitted",
        PromptId.Removed => "removed",
        PromptId.DialOutEnterNumber => "dial-out-enter-number",
        PromptId.DialOutCalling => "dial-out-calling",
        PromptId.DialOutAnswered => "dial-out-answered",
        PromptId.DialOutDeclined => "dial-out-declined",
        PromptId.DialOutNoAnswer => "dial-out-no-answer",
        PromptId.DialOutNotAllowed => "dial-out-not-allowed",
        PromptId.Invited => "invited",
        PromptId.PressOneToJoin => "press-1-to-join",
        _ => throw new ArgumentOutOfRangeException(nameof(id), id, null),
    };
}
