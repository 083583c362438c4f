using System.Diagnostics;
using Microsoft.Playwright;

namespace Bridge.Interop.Tests.Browser;

/// <summary>The bridge's room page in one browser tab, used as a person would: fields by their labels, buttons by their names.</summary>
public sealed class RoomPage
{
    private readonly IPage _page;

    private RoomPage(IPage page) => _page = page;

    public ILocator Alert => _page.GetByRole(AriaRole.Alert);

    public ILocator Participants => _page.GetByRole(AriaRole.List, new() { Name = "Participants" }).GetByRole(AriaRole.Listitem);

    public ILocator Status => _page.Locator("#status");

    public static async Task<RoomPage> OpenAsync(IBrowser browser, string url)
    {
        var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync(url);
        return new RoomPage(page);
    }

    /// <summary>Whether the bridge takes a signalling socket at all (503 while it has no browser gateway).</summary>
    public Task<bool> SignallingAvailableAsync() => _page.EvaluateAsync<bool>(
        "() => new Promise(resolve => { const s = new WebSocket('ws://' + location.host + '/ws'); " +
        "s.onopen = () => { s.close(); resolve(true); }; s.onerror = () => resolve(false); })");

    public Task<string> RoomNumberAsync() => _page.GetByLabel("Room number").InputValueAsync();

    /// <summary>Types the PIN and the name and presses Join.</summary>
    public async Task JoinAsync(string pin, string name)
    {
        await _page.GetByLabel("PIN", new() { Exact = true }).FillAsync(pin);
        await _page.GetByLabel("Your name").FillAsync(name);
        await _page.GetByRole(AriaRole.Button, new() { Name = "Join" }).ClickAsync();
    }

    /// <summary>The moderator's "Call a phone" status line (dial-out).</summary>
    public ILocator DialOutStatus => _page.GetByRole(AriaRole.Form, new() { Name = "Call a phone:" }).GetByRole(AriaRole.Status);

    /// <summary>A moderator types <paramref name="number"/> into Phone number and clicks Call.</summary>
    public async Task CallPhoneAsync(string number)
    {
        await _page.GetByLabel("Phone number").FillAsync(number);
        await _page.GetByRole(AriaRole.Form, new() { Name = "Call a phone:" }).GetByRole(AriaRole.Button, new() { Name = "Call" }).ClickAsync();
    }

    /// <summary>Audio RTP packets the page's peer connection has received (0 before media).</summary>
    public Task<long> AudioPacketsReceivedAsync() => _page.EvaluateAsync<long>(
        "async () => { const report = window.bridgeStats ? await window.bridgeStats() : null; let packets = 0; " +
        "if (report) report.forEach(s => { if (s.type === 'inbound-rtp' && s.kind === 'audio') packets = s.packetsReceived || 0; }); return packets; }");

    /// <summary>Waits until the page has received an audio packet; returns how long that took from <paramref name="since"/>.</summary>
    public async Task<TimeSpan> FirstAudioPacketAsync(Stopwatch since, TimeSpan limit)
    {
        while (since.Elapsed < limit)
        {
            if (await AudioPacketsReceivedAsync() > 0)
            {
                return since.Elapsed;
            }

            await Task.Delay(10);
        }

        throw new TimeoutException($"no audio packet reached the page within {limit.TotalSeconds} s");
    }

    /// <summary>The page's timing marks of the last join (join, accepted, microphone, offer, answer, connected), in ms since the join click.</summary>
    public async Task<string> JoinTimelineAsync()
    {
        var marks = await _page.EvaluateAsync<string[]>(
            "() => { const marks = performance.getEntriesByType('mark').filter((m) => m.name.startsWith('bridge-')); " +
            "const join = marks.filter((m) => m.name === 'bridge-join').pop(); if (!join) return []; " +
            "return marks.filter((m) => m.startTime >= join.startTime).map((m) => m.name.substring(7) + ' ' + Math.round(m.startTime - join.startTime)); }");
        return string.Join(", ", marks);
    }

    public Task LeaveAsync() => _page.GetByRole(AriaRole.Button, new() { Name = "Leave" }).ClickAsync();

    public Task ScreenshotAsync(string path) => _page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });

    public Task CloseAsync() => _page.Context.CloseAsync();
}
