namespace Bridge.DialPlans.Tests;

public sealed class DialPlanLoaderTests
{
    internal const string IssueExample = """
        routes:
          - dialled: "conf"              # exact Request-URI user part, or a regex written /.../
            ask: room                    # prompt for the conference number, then its PIN
          - dialled: '/^7(\d{4})$/'      # e.g. 74711 reaches room 4711 directly (single quotes: YAML keeps \d)
            room: "$1"                   # then asks for the PIN
        rooms:
          - number: "4711"
            name: "Daily stand-up"
            pin: "246810"
            moderatorPin: "135791"
        """;

    [Fact]
    public void IssueExampleLoadsAndRoutes()
    {
        var result = DialPlanLoader.LoadText(IssueExample);

        Assert.Empty(result.Errors);
        var plan = Assert.IsType<DialPlan>(result.Plan);
        Assert.Equal(RouteDecisionKind.AskRoom, plan.Match("conf").Kind);
        Assert.Equal(RouteDecision.Room("4711", MediaPolicy.PreferSecure), plan.Match("74711"));
        Assert.Equal(404, plan.Match("74712").Status);   // regex matches, but no room 4712
        Assert.Equal(RouteDecision.NotFound, plan.Match("4711"));
        Assert.Equal(RouteDecision.NotFound, plan.Match("CONF"));
        Assert.Equal(RouteDecision.NotFound, plan.Match(""));
        Assert.True(plan.TryGetRoom("4711", out var room));
        Assert.Equal("Daily stand-up", room.Name);
        Assert.True(room.Pin.Matches("246810"));
        Assert.False(room.Pin.Matches("246811"));
        Assert.True(room.ModeratorPin!.Matches("135791"));
        Assert.Equal("en", room.Language);
        Assert.Equal(0, room.MaxParticipants);
    }

    [Fact]
    public void ShippedDefaultPlanLoads()
    {
        var result = DialPlanLoader.Load(RepoPaths.DialPlans);

        Assert.Empty(result.Errors);
        var plan = result.Plan!;
        Assert.Equal(RouteDecisionKind.Echo, plan.Match("echo").Kind);
        Assert.Equal(RouteDecisionKind.AskRoom, plan.Match("conf").Kind);
        Assert.Equal("4711", plan.Match("4711").RoomNumber);
        Assert.Equal("4711", plan.Match("74711").RoomNumber);
        Assert.True(plan.TryGetRoom("4712", out var waiting));
        Assert.True(waiting.WaitForModerator);
        Assert.Equal("de", waiting.Language);
    }

    [Theory]
    [InlineData("office.yaml")]
    [InlineData("training.yaml")]
    [InlineData("scheduled.yaml")]
    public void ShippedExamplesLoad(string name)
    {
        var result = DialPlanLoader.Load(Path.Combine(RepoPaths.DialPlans, "examples", name));

        Assert.Empty(result.Errors);
        Assert.True(result.Plan!.RouteCount > 0);
    }

    [Fact]
    public void SplitExampleDirectoryMerges()
    {
        var result = DialPlanLoader.Load(Path.Combine(RepoPaths.DialPlans, "examples", "split"));

        Assert.Empty(result.Errors);
        var plan = result.Plan!;
        Assert.Equal(3, plan.Files.Count);
        Assert.Equal(RouteDecision.Room("3002", MediaPolicy.Secure), plan.Match("3002"));
        Assert.Equal("4001", plan.Match("4001").RoomNumber);
        Assert.Equal(RouteDecision.NotFound, plan.Match("5555")); // 4 digits but no such room
        Assert.Equal(RouteDecision.Reject(403), plan.Match("admin"));
    }

    [Fact]
    public void OfficeExampleHashedPinVerifiesAndScannersAreRefused()
    {
        var plan = DialPlanLoader.Load(Path.Combine(RepoPaths.DialPlans, "examples", "office.yaml")).Plan!;

        Assert.True(plan.TryGetRoom("1002", out var board));
        Assert.True(board.Pin.IsHashed);
        Assert.True(board.Pin.Matches("482916"));
        Assert.False(board.Pin.Matches("482917"));
        Assert.Equal(MediaPolicy.Secure, plan.Match("81002").Media);
        Assert.Equal(RouteDecision.Reject(403), plan.Match("admin"));
    }

    [Fact]
    public void TrainingExampleAllowsItsShortPinAndRouteMediaApplies()
    {
        var plan = DialPlanLoader.Load(Path.Combine(RepoPaths.DialPlans, "examples", "training.yaml")).Plan!;

        var decision = plan.Match("schulung");
        Assert.Equal(RouteDecision.Room("5000", MediaPolicy.Secure), decision);
        Assert.True(plan.TryGetRoom("5000", out var room));
        Assert.True(room.Pin.Matches("4242"));
        Assert.True(room.MuteOnJoin);
        Assert.Equal(50, room.MaxParticipants);
        Assert.Equal("5001", plan.Match("5001").RoomNumber);
    }

    [Fact]
    public void AllRoomKeysAreRead()
    {
        var result = DialPlanLoader.LoadText("""
            routes:
              - dialled: "9000"
                room: "9000"
                media: plain
              - dialled: "x"
                reject: 486
            rooms:
              - number: "9000"
                name: "Everything"
                pin: "123456"
                moderatorPin: "654321"
                maxParticipants: 12
                waitForModerator: true
                endWhenModeratorLeaves: true
                announceJoinLeave: true
                language: de
                muteOnJoin: true
                media: prefer-secure
                lobby: true
            """);

        Assert.Empty(result.Errors);
        Assert.True(result.Plan!.TryGetRoom("9000", out var room));
        Assert.Equal(12, room.MaxParticipants);
        Assert.True(room.WaitForModerator && room.EndWhenModeratorLeaves && room.AnnounceJoinLeave && room.MuteOnJoin && room.Lobby);
        Assert.Equal("de", room.Language);
        Assert.Equal(MediaPolicy.Plain, result.Plan.Match("9000").Media);
        Assert.Equal(RouteDecision.Reject(486), result.Plan.Match("x"));
    }

    [Fact]
    public void SecureRoomWinsOverPlainRoute()
    {
        var plan = DialPlanLoader.LoadText("""
            routes:
              - dialled: "1"
                room: "4711"
                media: plain
            rooms:
              - number: "4711"
                pin: "246810"
                media: secure
            """).Plan!;

        Assert.Equal(MediaPolicy.Secure, plan.Match("1").Media);
    }

    [Fact]
    public void FirstMatchWins()
    {
        var plan = DialPlanLoader.LoadText("""
            routes:
              - dialled: '/^9/'
                reject: 403
              - dialled: "911"
                echo: true
            """).Plan!;

        Assert.Equal(403, plan.Match("911").Status);
    }

    [Fact]
    public void RegexThatTimesOutCountsAsNoMatch()
    {
        var plan = DialPlanLoader.LoadText("""
            routes:
              - dialled: '/^(a+)+$/'
                reject: 403
              - dialled: '/^a+b$/'
                echo: true
            """).Plan!;

        var evil = new string('a', 40) + "b";
        var decision = plan.Match(evil);

        Assert.Equal(RouteDecisionKind.Echo, decision.Kind);
    }

    [Fact]
    public void SeveralFilesMergeInNameOrder()
    {
        using var dir = new TempDirectory();
        dir.Write("10-routes.yaml", """
            routes:
              - dialled: "conf"
                ask: room
              - dialled: "4711"
                room: "4711"
            """);
        dir.Write("20-rooms.yml", """
            rooms:
              - number: "4711"
                pin: "246810"
            """);
        dir.Write("30-more.yaml", """
            routes:
              - dialled: "conf"
                reject: 403
              - dialled: "4712"
                room: "4712"
            rooms:
              - number: "4712"
                pin: "135790"
            """);
        dir.Write("notes.txt", "not a dial plan: ignored");

        var result = DialPlanLoader.Load(dir.Path);

        Assert.Empty(result.Errors);
        Assert.Equal(3, result.Plan!.Files.Count);
        Assert.Equal(RouteDecisionKind.AskRoom, result.Plan.Match("conf").Kind);
        Assert.Equal("4711", result.Plan.Match("4711").RoomNumber);
        Assert.Equal("4712", result.Plan.Match("4712").RoomNumber);
    }

    [Fact]
    public void DuplicateRoomAcrossFilesNamesBothPlaces()
    {
        using var dir = new TempDirectory();
        var first = dir.Write("a.yaml", """
            rooms:
              - number: "4711"
                pin: "246810"
            """);
        var second = dir.Write("b.yaml", """
            # another team
            rooms:
              - number: "4711"
                pin: "999999"
            """);

        var result = DialPlanLoader.Load(dir.Path);

        var error = Assert.Single(result.Errors);
        Assert.Null(result.Plan);
        Assert.Equal(second, error.File);
        Assert.Equal(3, error.Line);
        Assert.Equal(13, error.Column);
        Assert.Contains("duplicate room number 4711", error.Message, StringComparison.Ordinal);
        Assert.Contains(first + ":2:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingPathAndEmptyDirectoryAreErrors()
    {
        using var dir = new TempDirectory();

        Assert.Contains("no such file", Assert.Single(DialPlanLoader.Load(Path.Combine(dir.Path, "nope.yaml")).Errors).Message, StringComparison.Ordinal);
        Assert.Contains("no .yaml", Assert.Single(DialPlanLoader.Load(dir.Path).Errors).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PlanWithoutRoutesIsAnError()
    {
        var result = DialPlanLoader.LoadText("# nothing yet\n");

        var error = Assert.Single(result.Errors);
        Assert.Contains("no routes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EmptyFileBesideOthersIsAllowed()
    {
        using var dir = new TempDirectory();
        dir.Write("a.yaml", "routes:\n  - dialled: \"echo\"\n    echo: true\n");
        dir.Write("b.yaml", "");

        var result = DialPlanLoader.Load(dir.Path);

        Assert.Empty(result.Errors);
        Assert.Equal(RouteDecisionKind.Echo, result.Plan!.Match("echo").Kind);
    }

    [Fact]
    public void OverlongDialledUserIs404WithoutMatching()
    {
        var plan = DialPlanLoader.LoadText("""
            routes:
              - dialled: '/.*/'
                echo: true
            """).Plan!;

        Assert.Equal(RouteDecisionKind.Echo, plan.Match("x").Kind);
        Assert.Equal(RouteDecision.NotFound, plan.Match(new string('1', 500)));
    }
}
