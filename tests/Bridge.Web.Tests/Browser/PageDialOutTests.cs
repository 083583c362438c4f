using Bridge.Conferencing.DialOut;
using Bridge.Web.Tests.Fakes;
using Microsoft.Playwright;

namespace Bridge.Web.Tests.Browser;

/// <summary>
/// The page's "Call a phone" form in Chromium (issue 12): only a moderator sees it; Call sends the number and the
/// role="status" line shows the bridge's answers (calling, answered, "This number cannot be called."). The bridge behind
/// the web layer is a fake here; the real path is in Bridge.Interop.Tests.
/// </summary>
public sealed class PageDialOutTests(ChromiumFixture chromium) : IClassFixture<ChromiumFixture>, IAsyncLifetime
{
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
    public async Task A_moderator_calls_a_phone_and_reads_each_answer_in_the_status_line()
    {
        await JoinAsync(FakeBrowserGateway.ModeratorPin);
        var form = _page.GetByRole(AriaRole.Form, new() { Name = "Call a phone:" });
        var status = form.GetByRole(AriaRole.Status);

        await _page.GetByLabel("Phone number").FillAsync("1042");
        await form.GetByRole(AriaRole.Button, new() { Name = "Call" }).ClickAsync();
        await Assertions.Expect(status).ToHaveTextAsync("Calling ***042…");
        _server.DialOut.Set("d1", DialOutState.Answered);
        await Assertions.Expect(status).ToHaveTextAsync("***042 answered and is being invited.");
        _server.DialOut.Set("d1", DialOutState.Joined);
        await Assertions.Expect(status).ToHaveTextAsync("***042 joined the room.");

        await _page.GetByLabel("Phone number").FillAsync("0900123456");
        await form.GetByRole(AriaRole.Button, new() { Name = "Call" }).ClickAsync();
        await Assertions.Expect(status).ToHaveTextAsync("This number cannot be called.");

        Assert.Equal(["1042", "0900123456"], _server.DialOut.Requests.Select(r => r.Number));
        Assert.Empty(_problems);
    }

    [Fact]
    public async Task A_participant_does_not_see_the_form()
    {
        await JoinAsync(FakeBrowserGateway.Pin);
        await Assertions.Expect(_page.GetByRole(AriaRole.Button, new() { Name = "Leave" })).ToBeVisibleAsync();

        await Assertions.Expect(_page.GetByLabel("Phone number")).ToBeHiddenAsync();
        Assert.Empty(_problems);
    }

    private async Task JoinAsync(string pin)
    {
        await _page.GotoAsync(new Uri(_server.Address, "/rooms/" + FakeBrowserGateway.Room).ToString());
        await _page.GetByLabel("PIN", new() { Exact = true }).FillAsync(pin);
        await _page.GetByLabel("Your name").FillAsync("Mo");
        await _page.GetByRole(AriaRole.Button, new() { Name = "Join" }).ClickAsync();
    }
}
