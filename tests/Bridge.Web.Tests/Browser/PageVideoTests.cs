using Bridge.Conferencing;
using Bridge.Conferencing.Roster;
using Bridge.Web.Tests.Fakes;
using Microsoft.Playwright;

namespace Bridge.Web.Tests.Browser;

/// <summary>
/// Issue 10's page side against a fake bridge: a tile per participant in the list named <b>Videos</b>, named by the
/// roster label (the phone's says it has no video, the own tile shows the fake camera), the <b>Share screen</b> button
/// with its state as text, the offer's video m-lines (camera, screen, 8 receiving slots), and no CSP violation.
/// </summary>
public sealed class PageVideoTests(ChromiumFixture chromium) : IClassFixture<ChromiumFixture>, IAsyncLifetime
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
        _page.Console += (_, message) =>
        {
            if (message.Type is "error")
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
    public async Task Every_participant_gets_a_named_tile_and_the_screen_button_says_its_state()
    {
        _server.Roster.Set(FakeBrowserGateway.Room,
            new RosterEntry("leg-1", "Ann", ParticipantKind.Browser, ConferenceRole.Participant, false, Joined),
            new RosterEntry("leg-7", "Phone 0301234567", ParticipantKind.Phone, ConferenceRole.Participant, false, Joined),
            new RosterEntry("leg-8", "Bob", ParticipantKind.Browser, ConferenceRole.Participant, false, Joined));
        await _page.GotoAsync(new Uri(_server.Address, "/rooms/4711").ToString());
        await _page.GetByLabel("PIN", new() { Exact = true }).FillAsync(FakeBrowserGateway.Pin);
        await _page.GetByLabel("Your name").FillAsync("Ann");
        await _page.GetByRole(AriaRole.Button, new() { Name = "Join" }).ClickAsync();

        var tiles = _page.GetByRole(AriaRole.List, new() { Name = "Videos" }).GetByRole(AriaRole.Listitem);
        await Assertions.Expect(tiles).ToHaveCountAsync(3);
        await Assertions.Expect(_page.GetByRole(AriaRole.Listitem, new() { Name = "Ann (you)" })).ToHaveCountAsync(1);
        await Assertions.Expect(_page.GetByRole(AriaRole.Listitem, new() { Name = "Phone ***567" })).ToContainTextAsync("phone, no video");
        await Assertions.Expect(_page.GetByRole(AriaRole.Listitem, new() { Name = "Bob" })).ToContainTextAsync("no video");
        var share = _page.GetByRole(AriaRole.Button, new() { Name = "Share screen" });
        await Assertions.Expect(share).ToHaveAttributeAsync("aria-pressed", "false");
        await Assertions.Expect(_page.GetByText("Screen not shared")).ToBeVisibleAsync();

        // The own tile shows the fake camera.
        await Assertions.Expect(_page.GetByRole(AriaRole.Listitem, new() { Name = "Ann (you)" }).Locator("video.camera")).ToBeVisibleAsync();

        var participant = await _server.Gateway!.FirstParticipant.Task.WaitAsync(TimeSpan.FromSeconds(10));
        var lines = participant.Offer.Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
        Assert.Equal(10, lines.Count(l => l.StartsWith("m=video ", StringComparison.Ordinal)));
        Assert.Equal(2, lines.Count(l => l == "a=sendonly"));
        Assert.Equal(8, lines.Count(l => l == "a=recvonly"));
        Assert.Contains(lines, l => l.StartsWith("a=rtpmap:", StringComparison.Ordinal) && l.EndsWith(" VP8/90000", StringComparison.Ordinal));
        await _page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(chromium.ScreenshotDirectory, "video-tiles.png"), FullPage = true });
        Assert.Empty(_problems);
    }
}
