using Bridge.Conferencing;
using Bridge.Conferencing.Browser;
using Bridge.Conferencing.Roster;
using Bridge.Web.Tests.Fakes;
using Microsoft.Playwright;

namespace Bridge.Web.Tests.Browser;

/// <summary>
/// Issue 10's page states in a real browser against a fake bridge: the status says what is connecting (not "audio"),
/// a moderator sees the room's lock state as text and only the button that changes it, following a lock made elsewhere,
/// a removed participant or one whose meeting ended is told so in words, and a sender with no free slot has a tile that
/// says "video paused".
/// </summary>
public sealed class PageRoomStateTests(ChromiumFixture chromium) : IClassFixture<ChromiumFixture>, IAsyncLifetime
{
    private static readonly DateTimeOffset Joined = DateTimeOffset.UnixEpoch;
    private WebTestServer _server = null!;
    private IBrowserContext _context = null!;
    private IPage _page = null!;
    private readonly List<string> _problems = [];

    public async Task InitializeAsync()
    {
        _server = await WebTestServer.StartAsync();
        _context = await chromium.Browser.NewContextAsync();
        _page = await _context.NewPageAsync();
        _page.PageError += (_, error) => _problems.Add(error);
    }

    public async Task DisposeAsync()
    {
        await _context.DisposeAsync();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task A_moderator_sees_the_lock_state_as_text_and_only_the_button_that_changes_it()
    {
        _server.Roster.Set(FakeBrowserGateway.Room, new RosterEntry("leg-1", "Mod", ParticipantKind.Browser, ConferenceRole.Moderator, false, Joined));
        _server.Roster.SetLocked(FakeBrowserGateway.Room, true);
        await JoinAsync(FakeBrowserGateway.ModeratorPin, "Mod");

        var lockButton = _page.GetByRole(AriaRole.Button, new() { Name = "Lock", Exact = true });
        var unlockButton = _page.GetByRole(AriaRole.Button, new() { Name = "Unlock", Exact = true });
        await Assertions.Expect(_page.GetByText("Room locked")).ToBeVisibleAsync();
        await Assertions.Expect(unlockButton).ToBeVisibleAsync();
        await Assertions.Expect(lockButton).ToBeHiddenAsync();

        // Another moderator (or a phone's keypad, or the admin API) unlocks it.
        _server.Roster.SetLocked(FakeBrowserGateway.Room, false);
        await Assertions.Expect(_page.GetByText("Room open")).ToBeVisibleAsync();
        await Assertions.Expect(lockButton).ToBeVisibleAsync();
        await Assertions.Expect(unlockButton).ToBeHiddenAsync();

        // The status says what is connecting, not "audio" (the fake bridge's answer never connects).
        await Assertions.Expect(_page.Locator("#status")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^(Connecting…|Connection lost|Joining as moderator…)$"));
        Assert.Empty(_problems);
    }

    [Fact]
    public async Task A_participant_sees_none_of_the_moderator_controls()
    {
        _server.Roster.Set(FakeBrowserGateway.Room, new RosterEntry("leg-1", "Ann", ParticipantKind.Browser, ConferenceRole.Participant, false, Joined));
        await JoinAsync(FakeBrowserGateway.Pin, "Ann");
        await Assertions.Expect(_page.GetByRole(AriaRole.List, new() { Name = "Participants" }).GetByRole(AriaRole.Listitem)).ToHaveCountAsync(1);

        // The group is [hidden]; a stylesheet that gives .controls a display must not show it anyway.
        foreach (var name in new[] { "Lock", "Unlock", "End meeting" })
        {
            await Assertions.Expect(_page.GetByRole(AriaRole.Button, new() { Name = name, Exact = true })).ToBeHiddenAsync();
        }

        await Assertions.Expect(_page.Locator("#moderator-controls")).ToBeHiddenAsync();
        Assert.Empty(_problems);
    }

    [Theory]
    [InlineData(LegEndReason.Removed, "A moderator removed you from the room.")]
    [InlineData(LegEndReason.MeetingEnded, "The meeting has ended for everyone.")]
    public async Task An_ended_participant_reads_why(LegEndReason reason, string text)
    {
        _server.Roster.Set(FakeBrowserGateway.Room, new RosterEntry("leg-1", "Ann", ParticipantKind.Browser, ConferenceRole.Participant, false, Joined));
        await JoinAsync(FakeBrowserGateway.Pin, "Ann");
        var participant = await _server.Gateway!.FirstParticipant.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await Assertions.Expect(_page.GetByRole(AriaRole.List, new() { Name = "Participants" }).GetByRole(AriaRole.Listitem)).ToHaveCountAsync(1);

        participant.End(reason);

        await Assertions.Expect(_page.GetByText(text)).ToBeVisibleAsync();
        await Assertions.Expect(_page.GetByRole(AriaRole.Button, new() { Name = "Join" })).ToBeVisibleAsync();
        Assert.Empty(_problems);
    }

    [Fact]
    public async Task A_sender_without_a_free_slot_has_a_tile_that_says_video_paused()
    {
        _server.Roster.Set(FakeBrowserGateway.Room,
            new RosterEntry("leg-1", "Ann", ParticipantKind.Browser, ConferenceRole.Participant, false, Joined),
            new RosterEntry("leg-2", "Bob", ParticipantKind.Browser, ConferenceRole.Participant, false, Joined),
            new RosterEntry("leg-3", "Cat", ParticipantKind.Browser, ConferenceRole.Participant, false, Joined));
        await JoinAsync(FakeBrowserGateway.Pin, "Ann");
        var participant = await _server.Gateway!.FirstParticipant.Task.WaitAsync(TimeSpan.FromSeconds(10));
        var tiles = _page.GetByRole(AriaRole.List, new() { Name = "Videos" });
        await Assertions.Expect(tiles.GetByRole(AriaRole.Listitem)).ToHaveCountAsync(3);

        participant.SetVideo([], new BrowserPausedVideo("leg-3", Screen: false));

        await Assertions.Expect(tiles.GetByRole(AriaRole.Listitem, new() { Name = "Cat" })).ToContainTextAsync("video paused");
        await Assertions.Expect(tiles.GetByRole(AriaRole.Listitem, new() { Name = "Bob" })).ToContainTextAsync("(no video)");
        Assert.Empty(_problems);
    }

    private async Task JoinAsync(string pin, string name)
    {
        await _page.GotoAsync(new Uri(_server.Address, "/rooms/4711").ToString());
        await _page.GetByLabel("PIN", new() { Exact = true }).FillAsync(pin);
        await _page.GetByLabel("Your name").FillAsync(name);
        await _page.GetByRole(AriaRole.Button, new() { Name = "Join" }).ClickAsync();
    }
}
