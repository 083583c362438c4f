using Microsoft.Playwright;

namespace Bridge.Interop.Tests.Browser;

/// <summary>
/// Debian's Chromium driven by Playwright (which downloads no browser here), started inside a
/// <see cref="LoopbackNamespace"/> through a wrapper that <c>exec</c>s <c>ip netns exec NS /usr/bin/chromium</c>: Playwright
/// talks to it over a pipe, so only the browser's own traffic is in the namespace. Flags from peers.md: a fake
/// microphone (a tone WAV when given) with no prompt, loopback allowed for ICE, no background traffic.
/// </summary>
public sealed class NamespacedChromium : IAsyncDisposable
{
    public const string Chromium = "/usr/bin/chromium";
    private readonly IPlaywright _playwright;
    private readonly string _directory;

    private NamespacedChromium(IPlaywright playwright, IBrowser browser, string directory)
    {
        _playwright = playwright;
        Browser = browser;
        _directory = directory;
    }

    public IBrowser Browser { get; }

    public static async Task<NamespacedChromium> LaunchAsync(LoopbackNamespace space, string? fakeAudioWav = null, IEnumerable<string>? extraArguments = null)
    {
        if (!File.Exists(Chromium))
        {
            throw new InvalidOperationException($"{Chromium} is missing: install Debian's chromium (test.sh does)");
        }

        var directory = Directory.CreateTempSubdirectory("bridge-chromium-").FullName;
        var wrapper = Path.Combine(directory, "chromium-in-netns");
        await File.WriteAllTextAsync(wrapper, $"#!/bin/sh\nexec ip netns exec {space.Name} {Chromium} \"$@\"\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(wrapper, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        List<string> arguments =
        [
            "--no-sandbox", "--disable-gpu", "--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream",
            "--allow-loopback-in-peer-connection", "--disable-features=WebRtcHideLocalIpsWithMdns",
            "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1", "--disable-background-networking",
            "--disable-component-update", "--no-first-run", "--disable-sync", "--autoplay-policy=no-user-gesture-required",
        ];
        if (fakeAudioWav is not null)
        {
            arguments.Add("--use-file-for-fake-audio-capture=" + fakeAudioWav);
        }

        arguments.AddRange(extraArguments ?? []);
        var playwright = await Playwright.CreateAsync();
        try
        {
            var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = wrapper, Headless = true, Args = arguments });
            return new NamespacedChromium(playwright, browser, directory);
        }
        catch
        {
            playwright.Dispose();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Browser.DisposeAsync();
        _playwright.Dispose();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // Left for the system's temporary directory clean-up.
        }
    }
}
