using System.Diagnostics;
using System.Text.Json;
using Microsoft.Playwright;

namespace Bridge.Interop.Tests.Browser;

/// <summary>
/// The room page's video side in one browser context, for the video tests: the tiles (one per participant, named by the
/// roster label), the Share screen button, and what the peer connection decoded per receiving m-line (getStats).
/// </summary>
public sealed class VideoPage
{
    private readonly IPage _page;

    private VideoPage(IPage page) => _page = page;

    public IPage Page => _page;

    public ILocator Tiles => _page.GetByRole(AriaRole.List, new() { Name = "Videos" }).GetByRole(AriaRole.Listitem);

    public ILocator ShareButton => _page.GetByRole(AriaRole.Button, new() { Name = "Share screen" });

    public static async Task<VideoPage> OpenAsync(IBrowser browser, string url)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1100, Height = 900 } });
        var page = await context.NewPageAsync();
        await page.GotoAsync(url);
        return new VideoPage(page);
    }

    public async Task JoinAsync(string pin, string name)
    {
        await _page.GetByLabel("PIN", new() { Exact = true }).FillAsync(pin);
        await _page.GetByLabel("Your name").FillAsync(name);
        await _page.GetByRole(AriaRole.Button, new() { Name = "Join" }).ClickAsync();
    }

    /// <summary>Frames decoded per receiving mid (inbound-rtp, kind video).</summary>
    public async Task<Dictionary<string, long>> FramesDecodedAsync()
    {
        var json = await _page.EvaluateAsync<string>(
            "async () => { const out = {}; const r = window.bridgeStats ? await window.bridgeStats() : null; " +
            "if (r) r.forEach(s => { if (s.type === 'inbound-rtp' && s.kind === 'video' && s.mid) out[s.mid] = s.framesDecoded || 0; }); return JSON.stringify(out); }");
        return JsonSerializer.Deserialize<Dictionary<string, long>>(json) ?? [];
    }

    /// <summary>The mid the bridge forwards <paramref name="label"/>'s camera (or screen) into, from the page's last 'video' message and roster.</summary>
    public Task<string?> MidOfAsync(string participantLabel, bool screen) => _page.EvaluateAsync<string?>(
        "([label, screen]) => { const tile = [...document.querySelectorAll('#tiles li')].find(li => (li.getAttribute('aria-label') || '') === label); " +
        "if (!tile || !window.bridgeVideo) return null; const slot = window.bridgeVideo.slots().find(s => s.id === tile.dataset.participant && s.screen === screen); return slot ? slot.mid : null; }",
        new object[] { participantLabel, screen });

    /// <summary>The decoded size of the camera (or screen) video element in <paramref name="participantLabel"/>'s tile, 0×0 before a frame.</summary>
    public async Task<(int Width, int Height)> VideoSizeAsync(string participantLabel, bool screen)
    {
        var size = await _page.EvaluateAsync<int[]>(
            "([label, screen]) => { const tile = [...document.querySelectorAll('#tiles li')].find(li => (li.getAttribute('aria-label') || '') === label); " +
            "const video = tile ? tile.querySelector(screen ? 'video.screen' : 'video.camera') : null; return video ? [video.videoWidth, video.videoHeight] : [0, 0]; }",
            new object[] { participantLabel, screen });
        return (size[0], size[1]);
    }

    /// <summary>Waits until the page decoded a frame of <paramref name="participantLabel"/>'s camera (or screen) and shows it with a size; returns the time from <paramref name="since"/>.</summary>
    public async Task<TimeSpan> FirstFrameAsync(string participantLabel, bool screen, Stopwatch since, TimeSpan limit)
    {
        while (since.Elapsed < limit)
        {
            if (await MidOfAsync(participantLabel, screen) is { } mid
                && (await FramesDecodedAsync()).GetValueOrDefault(mid) > 0
                && (await VideoSizeAsync(participantLabel, screen)).Width > 0)
            {
                return since.Elapsed;
            }

            await Task.Delay(20);
        }

        throw new TimeoutException($"no decoded frame of {participantLabel}'s {(screen ? "screen" : "camera")} within {limit.TotalSeconds} s");
    }

    /// <summary>Milliseconds of the page's timing mark <paramref name="name"/> (bridge-NAME) of the last join, after the join click; null before.</summary>
    public Task<double?> MarkAsync(string name) => _page.EvaluateAsync<double?>(
        "(name) => { const marks = performance.getEntriesByType('mark'); const join = marks.filter(m => m.name === 'bridge-join').pop(); " +
        "const mark = marks.filter(m => m.name === 'bridge-' + name).pop(); return join && mark ? mark.startTime - join.startTime : null; }", name);

    public Task<double> NowSinceJoinAsync() => _page.EvaluateAsync<double>(
        "() => { const join = performance.getEntriesByType('mark').filter(m => m.name === 'bridge-join').pop(); return join ? performance.now() - join.startTime : -1; }");

    public Task ScreenshotAsync(string path) => _page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });

    public Task CloseAsync() => _page.Context.CloseAsync();
}
