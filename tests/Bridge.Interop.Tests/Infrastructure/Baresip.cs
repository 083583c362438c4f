using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace Bridge.Interop.Tests.Infrastructure;

/// <summary>
/// A real baresip phone on loopback, driven over its ctrl_tcp socket (netstring-framed JSON).
/// It plays a WAV file as its microphone and records what it hears (sndfile: <c>dump-*-dec.wav</c>).
/// In a network namespace (<c>space</c>) it runs under <c>ip netns exec</c> and is driven through a <see cref="NamespaceRelay"/>.
/// </summary>
public sealed class Baresip : IAsyncDisposable
{
    private readonly Process _process;
    private readonly IDisposable _control;
    private readonly Stream _stream;
    private readonly List<string> _events = [];
    private readonly Task _reader;
    private readonly StringBuilder _console = new();
    private int _token;

    private Baresip(Process process, IDisposable control, Stream stream, string directory)
    {
        _process = process;
        _control = control;
        _stream = stream;
        Directory = directory;
        _reader = Task.Run(ReadEventsAsync);
    }

    public string Directory { get; }

    public string RecordingsDirectory => Path.Combine(Directory, "recordings");

    public IReadOnlyList<string> Events
    {
        get
        {
            lock (_events)
            {
                return _events.ToArray();
            }
        }
    }

    /// <summary>Starts a phone; with <paramref name="account"/> its accounts line is that (e.g. from <see cref="RegisteredAccount"/>)
    /// instead of the fixed <c>sip:phone{port}@127.0.0.1</c> that never registers.</summary>
    public static async Task<Baresip> StartAsync(int sipPort, int controlPort, int rtpLow, string sourceWav, string accountParameters = "", string extraConfig = "",
        string? space = null, string? account = null)
    {
        var baresip = PeerTool.Require("baresip");
        var directory = System.IO.Directory.CreateTempSubdirectory("baresip-").FullName;
        System.IO.Directory.CreateDirectory(Path.Combine(directory, "recordings"));
        var config = string.Join('\n',
            $"sip_listen 127.0.0.1:{sipPort}",
            "net_interface 127.0.0.1",
            "dns_server 127.0.0.1:53",
            $"ctrl_tcp_listen 127.0.0.1:{controlPort}",
            "audio_player alsa,null",
            "audio_alert alsa,null",
            $"audio_source aufile,{sourceWav}",
            "ausrc_srate 8000", "ausrc_channels 1", "auplay_srate 8000", "auplay_channels 1",
            $"rtp_ports {rtpLow}-{rtpLow + 99}",
            $"snd_path {Path.Combine(directory, "recordings")}",
            "module_path /usr/lib/baresip/modules",
            "module g711.so", "module g722.so", "module opus.so", "module aufile.so", "module alsa.so",
            "module sndfile.so", "module srtp.so", "module dtls_srtp.so",
            "module_tmp account.so", "module_app menu.so", "module_app ctrl_tcp.so",
            extraConfig) + "\n";
        await File.WriteAllTextAsync(Path.Combine(directory, "config"), config);
        await File.WriteAllTextAsync(Path.Combine(directory, "accounts"),
            (account ?? $"<sip:phone{sipPort}@127.0.0.1:{sipPort}>;regint=0") + accountParameters + "\n");

        var info = new ProcessStartInfo(space is null ? baresip : "ip") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        foreach (var argument in (space is null ? [] : new[] { "netns", "exec", space, baresip }).Concat(["-f", directory, "-t", "300"]))
        {
            info.ArgumentList.Add(argument);
        }

        var process = Process.Start(info)!;
        process.StandardInput.Close();
        var console = new StringBuilder();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (console) { console.AppendLine(e.Data); } } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (console) { console.AppendLine(e.Data); } } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        if (space is not null)
        {
            var relay = await NamespaceRelay.ConnectAsync(space, controlPort, TimeSpan.FromSeconds(15));
            if (relay is null)
            {
                process.Kill(entireProcessTree: true);
                lock (console)
                {
                    throw new InvalidOperationException("baresip did not open its control socket in its namespace:\n" + console);
                }
            }

            return new Baresip(process, relay, relay, directory);
        }

        var deadline = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                var control = new TcpClient();
                await control.ConnectAsync("127.0.0.1", controlPort);
                var phone = new Baresip(process, control, control.GetStream(), directory);
                lock (console)
                {
                    phone._console.Append(console);
                }

                return phone;
            }
            catch (SocketException) when (deadline.Elapsed < TimeSpan.FromSeconds(15) && !process.HasExited)
            {
                await Task.Delay(200);
            }
            catch (SocketException)
            {
                string output;
                lock (console)
                {
                    output = console.ToString();
                }

                throw new InvalidOperationException("baresip did not open its control socket:\n" + output);
            }
        }
    }

    /// <summary>An accounts line that registers <paramref name="user"/> with <paramref name="password"/> at the registrar
    /// <c>127.0.0.1:<paramref name="registrarPort"/></c> (digest; refreshed every <paramref name="seconds"/> s), answering
    /// incoming calls itself when <paramref name="autoAnswer"/>.</summary>
    public static string RegisteredAccount(string user, string password, int registrarPort, bool autoAnswer, int seconds = 600) =>
        $"<sip:{user}@127.0.0.1:{registrarPort}>;auth_pass={password};regint={seconds}" + (autoAnswer ? ";answermode=auto" : "");

    public Task DialAsync(string uri) => SendAsync("dial", uri);

    public Task SendDigitsAsync(string digits) => SendAsync("sndcode", digits);

    public Task HangupAsync() => SendAsync("hangup", "");

    /// <summary>Puts the current call on hold (baresip's <c>hold</c> command: a re-INVITE with a=sendonly).</summary>
    public Task HoldAsync() => SendAsync("hold", "");

    /// <summary>Takes the current call off hold (a re-INVITE with a=sendrecv).</summary>
    public Task ResumeAsync() => SendAsync("resume", "");

    /// <summary>Waits for an event of <paramref name="type"/> (e.g. CALL_ESTABLISHED, CALL_CLOSED).</summary>
    public async Task<bool> WaitForEventAsync(string type, TimeSpan limit)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < limit)
        {
            if (Events.Any(e => e.Contains($"\"type\":\"{type}\"", StringComparison.Ordinal)))
            {
                return true;
            }

            await Task.Delay(100);
        }

        return false;
    }

    /// <summary>The WAV of what the phone received (decoded), once the call has closed.</summary>
    public string? ReceivedRecording() =>
        System.IO.Directory.GetFiles(RecordingsDirectory, "*-dec.wav").OrderBy(File.GetLastWriteTimeUtc).LastOrDefault();

    /// <summary>The WAV of what the phone received, once baresip has closed it after the call (header written, size still).</summary>
    public Task<string> WaitForReceivedRecordingAsync(TimeSpan limit) =>
        WavRecording.WaitUntilCompleteAsync(ReceivedRecording, limit, $"baresip's recording in {RecordingsDirectory}");

    private async Task SendAsync(string command, string parameters)
    {
        var token = Interlocked.Increment(ref _token).ToString(CultureInfo.InvariantCulture);
        var json = JsonSerializer.Serialize(new { command, @params = parameters, token });
        var payload = Encoding.UTF8.GetBytes(json);
        var frame = Encoding.ASCII.GetBytes(payload.Length.ToString(CultureInfo.InvariantCulture) + ":")
            .Concat(payload).Concat(","u8.ToArray()).ToArray();
        await _stream.WriteAsync(frame);
    }

    private async Task ReadEventsAsync()
    {
        var buffer = new List<byte>();
        var chunk = new byte[4096];
        try
        {
            while (true)
            {
                var read = await _stream.ReadAsync(chunk);
                if (read == 0)
                {
                    return;
                }

                buffer.AddRange(chunk.AsSpan(0, read));
                while (true)
                {
                    var colon = buffer.IndexOf((byte)':');
                    if (colon < 0 || !int.TryParse(Encoding.ASCII.GetString(buffer.GetRange(0, colon).ToArray()), CultureInfo.InvariantCulture, out var length)
                        || buffer.Count < colon + 1 + length + 1)
                    {
                        break;
                    }

                    var message = Encoding.UTF8.GetString(buffer.GetRange(colon + 1, length).ToArray());
                    buffer.RemoveRange(0, colon + 1 + length + 1);
                    lock (_events)
                    {
                        _events.Add(message);
                    }
                }
            }
        }
        catch (IOException)
        {
            // baresip quit.
        }
        catch (ObjectDisposedException)
        {
            // disposed while reading.
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await SendAsync("quit", "");
            await _process.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromSeconds(5)).Token);
        }
        catch (Exception exception) when (exception is IOException or OperationCanceledException or ObjectDisposedException)
        {
            // fall through to kill.
        }

        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _control.Dispose();
        await _reader.ConfigureAwait(false);
        _process.Dispose();
    }
}
