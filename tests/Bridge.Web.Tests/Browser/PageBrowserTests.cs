using Bridge.Conferencing;
using Bridge.Conferencing.Roster;
using Bridge.Web.Tests.Fakes;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Bridge.Web.Tests.Browser;

/// <summary>
/// The page in a real browser (Chromium) against the web layer with a fake bridge: what a person sees and does,
/// found by the labels and roles issue 9 names. The real bridge behind it is tested in Bridge.Interop.Tests/Browser.
/// </summary>
public sealed class PageBrowserTests(ChromiumFixture chromium, ITestOutputHelper output) : IClassFixture<ChromiumFixture>, IAsyncLifetime
{
    private static readonly DateTimeOffset Joined = DateTimeOffset.UnixEpoch;
    private WebTestServer _server = null!;
    private IBrowserContext _context = null!;
    private IPage _page = null!;
    private readonly List<string> _problems = [];

    public async Task InitializeAsync()
    {
        _server = await WebTestServer.StartAsync();
        _context = await chromium.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 640, Height = 720 } });
        _page = await _context.NewPageAsync();
        _page.Console += (_, message) =>
        {
            if (message.Type is "error" or "warning")
            {
                _problems.Add(message.Text);
            }
        };
        _page.PageError += (_, error) => _problems.Add(error);
    }

    public async Task DisposeAsync()
    {
        await _context.DisposeAsync();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task The_room_page_has_the_room_filled_in_and_a_wrong_PIN_shows_the_alert()
    {
        await _page.GotoAsync(new Uri(_server.Address, "/rooms/4711").ToString());
        Assert.Equal("4711", await _page.GetByLabel("Room number").InputValueAsync());
        await ScreenshotAsync("1-form");

        await _page.GetByLabel("PIN", new() { Exact = true }).FillAsync("1111");
        await _page.GetByLabel("Your name").FillAsync("Ann");
        await _page.GetByRole(AriaRole.Button, new() { Name = "Join" }).ClickAsync();

        var alert = _page.GetByRole(AriaRole.Alert);
        await Assertions.Expect(alert).ToHaveTextAsync("Wrong PIN or unknown room.");
        await ScreenshotAsync("2-wrong-pin");

        // An unknown room: the same words.
        await _page.GetByLabel("Room number").FillAsync("4712");
        await _page.GetByLabel("PIN", new() { Exact = true }).FillAsync(FakeBrowserGateway.Pin);
        await _page.GetByRole(AriaRole.Button, new() { Name = "Join" }).ClickAsync();
        await Assertions.Expect(alert).ToHaveTextAsync("Wrong PIN or unknown room.");
        Assert.Equal(2, _server.Gateway!.PinChecks.Count);
        Assert.Empty(_problems);
    }

    [Fact]
    public async Task A_locked_out_address_sees_why()
    {
        await _page.GotoAsync(new Uri(_server.Address, "/").ToString());
        Assert.Equal("", await _page.GetByLabel("Room number").InputValueAsync());
        await _page.GetByLabel("Room number").FillAsync(FakeBrowserGateway.Room);

        await JoinAsync(FakeBrowserGateway.LockedPin);

        await Assertions.Expect(_page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Too many wrong PINs");
    }

    [Fact]
    public async Task After_the_PIN_the_page_joins_shows_the_roster_live_mutes_and_leaves()
    {
        _server.Roster.Set(FakeBrowserGateway.Room,
            new RosterEntry("leg-1", "Ann", ParticipantKind.Browser, ConferenceRole.Participant, false, Joined),
            new RosterEntry("leg-7", "Phone 0301234567", ParticipantKind.Phone, ConferenceRole.Participant, false, Joined));
        await _page.GotoAsync(new Uri(_server.Address, "/rooms/4711").ToString());

        await JoinAsync(FakeBrowserGateway.Pin);

        var participants = _page.GetByRole(AriaRole.List, new() { Name = "Participants" });
        await Assertions.Expect(participants.GetByRole(AriaRole.Listitem)).ToHaveTextAsync(["Ann (you)", "Phone ***567"]);
        var participant = await _server.Gateway!.FirstParticipant.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Contains("m=audio", participant.Offer, StringComparison.Ordinal);
        Assert.Equal("Ann", participant.DisplayName);
        var mute = _page.GetByRole(AriaRole.Button, new() { Name = "Mute" });
        await Assertions.Expect(mute).ToHaveAttributeAsync("aria-pressed", "false");
        await Assertions.Expect(_page.GetByText("Microphone on")).ToBeVisibleAsync();
        await ScreenshotAsync("3-in-room");

        await mute.ClickAsync();
        await Assertions.Expect(mute).ToHaveAttributeAsync("aria-pressed", "true");
        await Assertions.Expect(_page.GetByText("Microphone muted")).ToBeVisibleAsync();
        Assert.Equal([true], participant.MuteCalls);

        // Live: a second browser and a moderator phone come in, muted.
        _server.Roster.Set(FakeBrowserGateway.Room,
            new RosterEntry("leg-1", "Ann", ParticipantKind.Browser, ConferenceRole.Participant, true, Joined),
            new RosterEntry("leg-7", "Phone 0301234567", ParticipantKind.Phone, ConferenceRole.Participant, false, Joined),
            new RosterEntry("leg-8", "Bob <script>", ParticipantKind.Browser, ConferenceRole.Participant, false, Joined),
            new RosterEntry("leg-9", "Phone ***042", ParticipantKind.Phone, ConferenceRole.Moderator, true, Joined));
        await Assertions.Expect(participants.GetByRole(AriaRole.Listitem))
            .ToHaveTextAsync(["Ann (you, muted)", "Phone ***567", "Bob <script>", "Phone ***042 (moderator, muted)"]);
        await ScreenshotAsync("4-muted-roster");

        await _page.GetByRole(AriaRole.Button, new() { Name = "Leave" }).ClickAsync();
        await participant.Disposed.WaitAsync(TimeSpan.FromSeconds(10));
        await Assertions.Expect(_page.GetByRole(AriaRole.Button, new() { Name = "Join" })).ToBeVisibleAsync();
        await Assertions.Expect(_page.GetByText("You have left the room.")).ToBeVisibleAsync();
        await ScreenshotAsync("5-left");
        Assert.DoesNotContain(_problems, problem => problem.Contains("Content Security Policy", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_page_violates_none_of_its_own_policy()
    {
        await _page.GotoAsync(_server.Address.ToString());
        await Assertions.Expect(_page.GetByRole(AriaRole.Button, new() { Name = "Join" })).ToBeVisibleAsync();

        // Styles applied from the stylesheet (no inline style was needed), and nothing was blocked.
        var weight = await _page.GetByText("Room number").EvaluateAsync<string>("e => getComputedStyle(e).fontWeight");
        Assert.Equal("600", weight);
        Assert.Empty(_problems);
    }

    private async Task JoinAsync(string pin)
    {
        await _page.GetByLabel("PIN", new() { Exact = true }).FillAsync(pin);
        await _page.GetByLabel("Your name").FillAsync("Ann");
        await _page.GetByRole(AriaRole.Button, new() { Name = "Join" }).ClickAsync();
    }

    private async Task ScreenshotAsync(string name)
    {
        var path = Path.Combine(chromium.ScreenshotDirectory, name + ".png");
        await _page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        output.WriteLine("screenshot: " + path);
    }
}
