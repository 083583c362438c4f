using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Bridge.LoadTests;

/// <summary>
/// Janus AudioBridge from Debian (<c>janus</c> package) as the side-by-side anchor: its own config folder with only the
/// AudioBridge plugin and the HTTP transport, one room (16 kHz, AudioBridge's default, unless told otherwise; plain-RTP
/// participants allowed), and each participant
/// a handle of its own joining with an <c>rtp</c> object (PCMU, payload type 0) through the HTTP API.
/// </summary>
internal sealed class JanusServer : ILoadServer
{
    private const int Room = 4242;
    private readonly ServerProcess _process;
    private readonly HttpClient _http;
    private readonly ConcurrentDictionary<long, TaskCompletionSource<JsonNode>> _joins = new();
    private readonly CancellationTokenSource _stop = new();
    private long _session;
    private int _joined;

    private readonly int _samplingRate;

    private JanusServer(ServerProcess process, int httpPort, int samplingRate)
    {
        _process = process;
        _samplingRate = samplingRate;
        _http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}/janus/") };
    }

    public string Name => "Janus AudioBridge";

    public int ProcessId => _process.Id;

    public static async Task<JanusServer> StartAsync(string work, int httpPort, int samplingRate = 16000)
    {
        var folder = Directory.CreateDirectory(Path.Combine(work, "janus")).FullName;
        var plugins = Directory.CreateDirectory(Path.Combine(folder, "plugins")).FullName;
        var transports = Directory.CreateDirectory(Path.Combine(folder, "transports")).FullName;
        var empty = Directory.CreateDirectory(Path.Combine(folder, "empty")).FullName;
        const string Libraries = "/usr/lib/x86_64-linux-gnu/janus";
        File.CreateSymbolicLink(Path.Combine(plugins, "libjanus_audiobridge.so"), $"{Libraries}/plugins/libjanus_audiobridge.so");
        File.CreateSymbolicLink(Path.Combine(transports, "libjanus_http.so"), $"{Libraries}/transports/libjanus_http.so");
        await File.WriteAllTextAsync(Path.Combine(folder, "janus.jcfg"),
            $"general: {{\n configs_folder = \"{folder}\"\n plugins_folder = \"{plugins}\"\n transports_folder = \"{transports}\"\n" +
            $" events_folder = \"{empty}\"\n loggers_folder = \"{empty}\"\n debug_level = 2\n session_timeout = 0\n}}\n" +
            $"media: {{\n rtp_port_range = \"{LoadPorts.JanusMedia}\"\n}}\nnat: {{\n ice_enforce_list = \"lo\"\n}}\n");
        await File.WriteAllTextAsync(Path.Combine(folder, "janus.plugin.audiobridge.jcfg"),
            $"general: {{\n admin_key = \"load\"\n rtp_port_range = \"{LoadPorts.JanusAudioBridge}\"\n local_ip = \"127.0.0.1\"\n}}\n");
        await File.WriteAllTextAsync(Path.Combine(folder, "janus.transport.http.jcfg"),
            $"general: {{\n json = \"compact\"\n base_path = \"/janus\"\n http = true\n port = {httpPort}\n ip = \"127.0.0.1\"\n https = false\n}}\n" +
            "admin: {\n admin_http = false\n}\n");
        var process = new ServerProcess("janus", ["-F", folder, "-C", Path.Combine(folder, "janus.jcfg"), "-o"], folder,
            Path.Combine(work, "janus.log"));
        var server = new JanusServer(process, httpPort, samplingRate);
        await server.CreateRoomAsync();
        return server;
    }

    private async Task CreateRoomAsync()
    {
        for (int attempt = 0; ; attempt++)
        {
            try
            {
                _session = (await PostAsync("", new JsonObject { ["janus"] = "create" }))["data"]!["id"]!.GetValue<long>();
                break;
            }
            catch (HttpRequestException) when (attempt < 100 && !_process.HasExited)
            {
                await Task.Delay(200);
            }
        }

        _ = Task.Run(PollAsync);
        var handle = await AttachAsync();
        var created = await PostAsync($"{_session}/{handle}", new JsonObject
        {
            ["janus"] = "message",
            ["body"] = new JsonObject
            {
                ["request"] = "create", ["room"] = Room, ["admin_key"] = "load", ["sampling_rate"] = _samplingRate,
                ["allow_rtp_participants"] = true,
            },
        });
        if (created["plugindata"]?["data"]?["audiobridge"]?.GetValue<string>() != "created")
        {
            throw new InvalidOperationException("Janus did not create the room: " + created.ToJsonString());
        }
    }

    public async Task JoinAsync(RtpParticipant participant, CancellationToken cancel)
    {
        var handle = await AttachAsync();
        var joined = new TaskCompletionSource<JsonNode>(TaskCreationOptions.RunContinuationsAsynchronously);
        _joins[handle] = joined;
        await PostAsync($"{_session}/{handle}", new JsonObject
        {
            ["janus"] = "message",
            ["body"] = new JsonObject
            {
                ["request"] = "join", ["room"] = Room, ["codec"] = "pcmu",
                ["rtp"] = new JsonObject { ["ip"] = "127.0.0.1", ["port"] = participant.LocalPort, ["payload_type"] = 0 },
            },
        });
        var data = await joined.Task.WaitAsync(TimeSpan.FromSeconds(20), cancel);
        var rtp = data["rtp"] ?? throw new InvalidOperationException("Janus join without an rtp object: " + data.ToJsonString());
        participant.SendTo(new IPEndPoint(IPAddress.Parse(rtp["ip"]!.GetValue<string>()), rtp["port"]!.GetValue<int>()));
        Interlocked.Increment(ref _joined);
    }

    public Task<int> WaitForRoomAsync(int count, TimeSpan limit) => Task.FromResult(Volatile.Read(ref _joined));

    private async Task<long> AttachAsync() =>
        (await PostAsync($"{_session}", new JsonObject { ["janus"] = "attach", ["plugin"] = "janus.plugin.audiobridge" }))["data"]!["id"]!.GetValue<long>();

    private async Task<JsonNode> PostAsync(string path, JsonObject request)
    {
        request["transaction"] = Guid.NewGuid().ToString("N");
        using var response = await _http.PostAsJsonAsync(path, request);
        var answer = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        return answer["janus"]?.GetValue<string>() == "error" ? throw new InvalidOperationException("Janus: " + answer.ToJsonString()) : answer;
    }

    /// <summary>Long-polls the session's events; a join's event carries the Janus side of the participant's RTP.</summary>
    private async Task PollAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                var events = JsonNode.Parse(await _http.GetStringAsync($"{_session}?maxev=10", _stop.Token));
                foreach (var item in events is JsonArray array ? array : new JsonArray(events?.DeepClone()))
                {
                    var data = item?["plugindata"]?["data"];
                    if (data?["audiobridge"]?.GetValue<string>() == "joined" && item!["sender"] is JsonNode sender
                        && _joins.TryRemove(sender.GetValue<long>(), out var join))
                    {
                        join.TrySetResult(data);
                    }
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException or System.Text.Json.JsonException)
            {
                if (_process.HasExited)
                {
                    return;
                }
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _http.Dispose();
        await _process.DisposeAsync();
        _stop.Dispose();
    }
}
