namespace Bridge.DialPlans.Tests;

/// <summary>Each broken file gives its own specific error, at the line and column of the offending text.</summary>
public sealed class BrokenDialPlanTests
{
    public static TheoryData<string, string, int, int, string> Cases => new()
    {
        {
            "bad yaml (unclosed quote)",
            "routes:\n  - dialled: \"conf\n    ask: room\n",
            2, 14, "YAML syntax"
        },
        {
            "bad yaml (tab indentation)",
            "routes:\n\t- dialled: conf\n",
            2, 1, "a tab is used for indentation"
        },
        {
            "bad yaml (tab after spaces)",
            "rooms:\n  - number: \"4711\"\n  \tpin: \"246810\"\n",
            3, 3, "a tab is used for indentation"
        },
        {
            "duplicate key",
            "rooms:\n  - number: \"4711\"\n    pin: \"246810\"\n    pin: \"135791\"\n",
            4, 5, "Duplicate key pin"
        },
        {
            "unknown key in route",
            "routes:\n  - dialled: \"conf\"\n    ask: room\n    colour: blue\n",
            4, 5, "unknown key 'colour'"
        },
        {
            "unknown top-level key",
            "route:\n  - dialled: \"conf\"\n    ask: room\n",
            1, 1, "unknown key 'route'"
        },
        {
            "misspelt room key",
            "rooms:\n  - number: \"4711\"\n    pin: \"246810\"\n    maxParticipant: 5\n",
            4, 5, "unknown key 'maxParticipant'"
        },
        {
            "duplicate room number",
            "rooms:\n  - number: \"4711\"\n    pin: \"246810\"\n  - number: \"4711\"\n    pin: \"246811\"\n",
            4, 13, "duplicate room number 4711"
        },
        {
            "bad regex",
            "routes:\n  - dialled: '/^7(\\d{4}$/'\n    room: \"$1\"\n",
            2, 14, "invalid regular expression"
        },
        {
            "missing PIN",
            "rooms:\n  - number: \"4711\"\n    name: \"Stand-up\"\n",
            2, 5, "room 4711 has no PIN"
        },
        {
            "short PIN",
            "rooms:\n  - number: \"4711\"\n    pin: \"1234\"\n",
            3, 10, "shorter than 6 digits"
        },
        {
            "PIN with letters",
            "rooms:\n  - number: \"4711\"\n    pin: \"24681a\"\n",
            3, 10, "'pin' must be 1 to 32 digits"
        },
        {
            "bad reject code",
            "routes:\n  - dialled: \"x\"\n    reject: 999\n",
            3, 13, "'reject' must be a SIP error status"
        },
        {
            "route to unknown room",
            "routes:\n  - dialled: \"4712\"\n    room: \"4712\"\nrooms:\n  - number: \"4711\"\n    pin: \"246810\"\n",
            3, 11, "room 4712, which no file defines"
        },
        {
            "wrong type (list for a number)",
            "rooms:\n  - number: \"4711\"\n    pin: \"246810\"\n    maxParticipants: [1, 2]\n",
            4, 22, "'maxParticipants' must be a single value, not a list"
        },
        {
            "wrong type (text for a number)",
            "rooms:\n  - number: \"4711\"\n    pin: \"246810\"\n    maxParticipants: lots\n",
            4, 22, "'maxParticipants' must be a whole number"
        },
        {
            "wrong type (not a boolean)",
            "rooms:\n  - number: \"4711\"\n    pin: \"246810\"\n    muteOnJoin: maybe\n",
            4, 17, "'muteOnJoin' must be true or false"
        },
        {
            "bad language",
            "rooms:\n  - number: \"4711\"\n    pin: \"246810\"\n    language: fr\n",
            4, 15, "'language' must be 'en' or 'de'"
        },
        {
            "bad media",
            "routes:\n  - dialled: \"conf\"\n    ask: room\n    media: encrypted\n",
            4, 12, "'media' must be secure, prefer-secure or plain"
        },
        {
            "bad pin hash",
            "rooms:\n  - number: \"4711\"\n    pinHash: \"md5$abc\"\n",
            3, 14, "'pinHash': PIN hash must look like"
        },
        {
            "pin and pinHash together",
            "rooms:\n  - number: \"4711\"\n    pin: \"246810\"\n    pinHash: \"pbkdf2-sha256$100000$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\"\n",
            4, 14, "either 'pin' or 'pinHash', not both"
        },
        {
            "group reference beyond the regex",
            "routes:\n  - dialled: '/^7(\\d{4})$/'\n    room: \"$2\"\n",
            3, 11, "uses $2 but the regex has only 1 group"
        },
        {
            "route without action",
            "routes:\n  - dialled: \"conf\"\n",
            2, 5, "needs one of 'ask: room', 'room', 'reject' or 'echo: true'"
        },
        {
            "route with two actions",
            "routes:\n  - dialled: \"conf\"\n    ask: room\n    echo: true\n",
            4, 11, "more than one of"
        },
        {
            "ask something else",
            "routes:\n  - dialled: \"conf\"\n    ask: number\n",
            3, 10, "'ask' must be 'room'"
        },
        {
            "routes not a list",
            "routes: conf\n",
            1, 9, "'routes' must be a list"
        },
        {
            "room number with letters",
            "rooms:\n  - number: \"47a1\"\n    pin: \"246810\"\n",
            2, 13, "must be 1 to 16 digits"
        },
        {
            "moderator PIN equals PIN",
            "rooms:\n  - number: \"4711\"\n    pin: \"246810\"\n    moderatorPin: \"246810\"\n",
            4, 19, "'moderatorPin' must differ from 'pin'"
        },
        {
            "waitForModerator without moderator PIN",
            "rooms:\n  - number: \"4711\"\n    pin: \"246810\"\n    waitForModerator: true\n",
            2, 5, "need a 'moderatorPin'"
        },
        {
            "lobby without moderator PIN",
            "rooms:\n  - number: \"4711\"\n    pin: \"246810\"\n    lobby: true\n",
            2, 5, "'lobby' needs a 'moderatorPin'"
        },
        {
            "lobby not a boolean",
            "rooms:\n  - number: \"4711\"\n    pin: \"246810\"\n    moderatorPin: \"135791\"\n    lobby: maybe\n",
            5, 12, "lobby"
        },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void BrokenFileGivesSpecificErrorWithPosition(string name, string yaml, int line, int column, string fragment)
    {
        var result = DialPlanLoader.LoadText(yaml, "broken.yaml");

        Assert.Null(result.Plan);
        Assert.False(result.Success, name);
        var error = Assert.Single(result.Errors);
        Assert.Equal("broken.yaml", error.File);
        Assert.Contains(fragment, error.Message, StringComparison.Ordinal);
        Assert.Equal((line, column), (error.Line, error.Column));
    }

    [Fact]
    public void AllErrorsOfAFileAreReported()
    {
        var result = DialPlanLoader.LoadText("""
            routes:
              - dialled: "x"
                reject: 200
            rooms:
              - number: "4711"
                pin: "12"
                language: nl
            """, "many.yaml");

        Assert.Equal(3, result.Errors.Count);
        Assert.Equal([3, 6, 7], result.Errors.Select(e => e.Line));
    }

    [Fact]
    public void ErrorPrintsLikeACompiler()
    {
        var error = new DialPlanError("plan.yaml", 3, 7, "boom");

        Assert.Equal("plan.yaml:3:7: boom", error.ToString());
    }
}
