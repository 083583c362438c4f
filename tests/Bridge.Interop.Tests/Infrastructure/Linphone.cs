using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Bridge.Interop.Tests.Infrastructure;

/// <summary>
/// A real linphonec (liblinphone 5) phone on loopback, headless: its own <c>HOME</c> and config, the
/// "files" sound card playing a WAV as its microphone and recording what it hears, driven by lines on
/// its stdin. With <c>useInfo</c> it sends DTMF as SIP INFO <c>application/dtmf-relay</c> instead of
/// RFC 4733 events.
/// </summary>
public sealed class Linphone : IAsyncDisposable
{
    /// <summary>Time given to linphonec per DTMF digit (its 1 s sleep after a digit line, then the INFO's answer).</summary>
    private static readonly TimeSpan DigitPacing = TimeSpan.FromMilliseconds(1500);

    private readonly Process _process;
    private readonly StringBuilder _console;

    private Linphone(Process process, StringBuilder console, string directory, string user)
    {
        _process = process;
        _console = console;
        Directory = directory;
        User = user;
    }

    public string Directory { get; }

    /// <summary>The SIP user in its From header.</summary>
    public string User { get; }

    /// <summary>Where linphonec records what it receives (a WAV file, written while a call runs).</summary>
    public string RecordingPath => Path.Combine(Directory, "received.wav");

    public string Console
    {
        get
        {
            lock (_console)
            {
                return _console.ToString();
            }
        }
    }

    public bool HasExited => _process.HasExited;

    /// <param name="tlsRootCa">When set: SIP over TLS on <paramref name="sipPort"/> + 1 verifying the server against this CA, and mandatory SRTP.</param>
    /// <param name="newSrtpKeysPerOffer">liblinphone's <c>[sip] keep_srtp_keys=0</c>: every new offer of the call (a re-INVITE
    /// for pause or resume) carries new SDES keys (RFC 4568 §7.1.4), instead of the default of keeping them.</param>
    public static async Task<Linphone> StartAsync(int sipPort, int rtpLow, string sourceWav, bool useInfo, string? tlsRootCa = null, bool newSrtpKeysPerOffer = false)
    {
        var linphonec = PeerTool.Require("linphonec");
        var directory = System.IO.Directory.CreateTempSubdirectory("linphone-").FullName;
        var user = "linphone" + sipPort.ToString(CultureInfo.InvariantCulture);
        var config = string.Join('\n',
            "[sip]",
            $"sip_port={sipPort}",
            "sip_tcp_port=0",
            tlsRootCa is null ? "sip_tls_port=0" : $"sip_tls_port={sipPort + 1}",
            tlsRootCa is null ? "" : $"media_encryption=srtp\nmedia_encryption_mandatory=1\nroot_ca={tlsRootCa}\nverify_server_certs=1\nverify_server_cn=0",
            "bind_address=127.0.0.1",
            "guess_hostname=0",
            "use_ipv6=0",
            $"use_info={(useInfo ? 1 : 0)}",
            $"use_rfc2833={(useInfo ? 0 : 1)}",
            $"contact=\"{user}\" <sip:{user}@127.0.0.1>",
            "register_only_when_network_is_up=0",
            newSrtpKeysPerOffer ? "keep_srtp_keys=0" : "",
            "[rtp]",
            "bind_address=127.0.0.1",
            $"audio_rtp_port={rtpLow}-{rtpLow + 49}",
            $"video_rtp_port={rtpLow + 50}-{rtpLow + 99}",
            "[net]",
            "firewall_policy=0",
            "auto_net_state_mon=0",
            "[sound]",
            "echocancellation=0",
            "[video]",
            "enabled=0",
            "capture=0",
            "display=0",
            "[misc]",
            "enable_video=0") + "\n";
        // Without its database directory liblinphone 5 never opens its SIP listening point.
        System.IO.Directory.CreateDirectory(Path.Combine(directory, ".local", "share", "linphone"));
        var configPath = Path.Combine(directory, "linphonerc");
        await File.WriteAllTextAsync(configPath, config);

        var info = new ProcessStartInfo(linphonec)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = directory,
        };
        foreach (var argument in new[] { "-c", configPath, "-d", "0" })
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["HOME"] = directory;
        var console = new StringBuilder();
        var process = Process.Start(info)!;
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (console) { console.AppendLine(e.Data); } } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (console) { console.AppendLine(e.Data); } } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var phone = new Linphone(process, console, directory, user);

        // linphonec is not stable when driven before its SIP listening point is up: wait until its SIP stack answers
        // OPTIONS on its port (its "linphonec>" prompt ends no line, so the console cannot tell).
        var deadline = Stopwatch.StartNew();
        using (var probe = new SipProbe("127.0.0.1", sipPort))
        {
            while (!IsUdpPortBound(sipPort) || await probe.RequestAsync("OPTIONS", user, TimeSpan.FromMilliseconds(600)) is null)
            {
                if (process.HasExited || deadline.Elapsed > TimeSpan.FromSeconds(20))
                {
                    var output = phone.Console;
                    await phone.DisposeAsync();
                    throw new InvalidOperationException($"linphonec did not answer OPTIONS on its SIP port {sipPort}:\n{output}");
                }

                await Task.Delay(100);
            }
        }

        await phone.SendAsync("soundcard use files");
        await phone.SendAsync("play " + sourceWav);
        await phone.SendAsync("record " + phone.RecordingPath);
        return phone;
    }

    public Task CallAsync(string uri) => SendAsync("call " + uri);

    /// <summary>
    /// Sends DTMF (SIP INFO or RFC 4733, per config), one digit per stdin line: linphonec sleeps 1 s after each
    /// digit of a line without running its SIP stack, and liblinphone sends the next INFO of a dialog only once
    /// the previous one is answered, so a whole line would leave the digits queued for seconds.
    /// </summary>
    /// <remarks>Pacing of linphonec's input, not a wait for an event: nothing it prints tells that a digit went out.</remarks>
    public async Task SendDigitsAsync(string digits)
    {
        foreach (var digit in digits)
        {
            await SendAsync(digit.ToString());
            await Task.Delay(DigitPacing);
        }
    }

    public Task TerminateAsync() => SendAsync("terminate");

    /// <summary>Puts the call on hold: a re-INVITE with <c>a=sendonly</c> (liblinphone stops recording while paused).</summary>
    public Task PauseAsync() => SendAsync("pause");

    /// <summary>Resumes the paused call: a re-INVITE with <c>a=sendrecv</c>.</summary>
    public Task ResumeAsync() => SendAsync("resume");

    /// <summary>What linphonec recorded, once it has closed the file after the call (header written, size still).</summary>
    public Task<string> WaitForRecordingAsync(TimeSpan limit) =>
        WavRecording.WaitUntilCompleteAsync(RecordingPath, limit, "linphonec's recording " + RecordingPath);

    /// <summary>Waits until linphonec printed <paramref name="text"/> (e.g. "connected").</summary>
    public async Task<bool> WaitForOutputAsync(string text, TimeSpan limit)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < limit)
        {
            if (Console.Contains(text, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }

            await Task.Delay(100);
        }

        return false;
    }

    private async Task SendAsync(string line)
    {
        if (_process.HasExited)
        {
            return;
        }

        await _process.StandardInput.WriteLineAsync(line);
        await _process.StandardInput.FlushAsync();
    }

    private static bool IsUdpPortBound(int port)
    {
        try
        {
            using var probe = new UdpClient(new IPEndPoint(IPAddress.Loopback, port));
            return false;
        }
        catch (SocketException)
        {
            return true;
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await SendAsync("terminate");
            await SendAsync("quit");
            _process.StandardInput.Close();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (Exception exception) when (exception is IOException or OperationCanceledException or ObjectDisposedException or InvalidOperationException)
        {
            // fall through to kill.
        }

        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }
}
