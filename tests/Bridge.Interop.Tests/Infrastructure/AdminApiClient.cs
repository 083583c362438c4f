using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text.Json;

namespace Bridge.Interop.Tests.Infrastructure;

/// <summary>
/// The admin API (issue 13) of a published bridge as a script uses it: tokens made with the real <c>bridge token create</c>
/// verb against the bridge's data directory, <c>Authorization: Bearer</c> over real HTTP to its web listener.
/// </summary>
public sealed class AdminApiClient : IDisposable
{
    private readonly HttpClient _http;

    private AdminApiClient(Uri baseAddress, string? token)
    {
        _http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(10) };
        if (token is not null)
        {
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
    }

    /// <summary>A client with <paramref name="token"/> (null: none) for the bridge listening on <paramref name="baseAddress"/>.</summary>
    public static AdminApiClient For(Uri baseAddress, string? token) => new(baseAddress, token);

    /// <summary>A free TCP port on 127.0.0.1 for the bridge's web listener (<c>--Bridge:Web:Http=127.0.0.1:PORT</c>).</summary>
    public static int FreeTcpPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>
    /// Runs <c>dotnet bridge.dll token create --name NAME --scope SCOPE --Bridge:Data=DIR</c> from the bridge's published
    /// directory, as an admin would, and returns the token it printed once.
    /// </summary>
    public static Task<string> CreateTokenAsync(BridgeProcess bridge, string name, string scope) =>
        CreateTokenAsync(bridge.DataDirectory, name, scope);

    /// <summary>The same for the bridge whose data directory is <paramref name="dataDirectory"/> (e.g. one in a network namespace).</summary>
    public static async Task<string> CreateTokenAsync(string dataDirectory, string name, string scope)
    {
        var program = await PublishedBridge.DirectoryAsync();
        var run = await ProcessRunner.RunAsync("dotnet",
            [Path.Combine(program, "bridge.dll"), "token", "create", "--name", name, "--scope", scope, $"--Bridge:Data={dataDirectory}"],
            TimeSpan.FromSeconds(60), workingDirectory: Directory.CreateTempSubdirectory("bridge-token-").FullName);
        Assert.True(run.ExitCode == 0, "bridge token create failed:\n" + run.Output);
        var token = run.Output.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .SingleOrDefault(l => l.Length >= 20 && !l.Contains(' ', StringComparison.Ordinal));
        Assert.True(token is not null, "bridge token create printed no token:\n" + run.Output);
        return token;
    }

    /// <summary>GET a path; the status and body.</summary>
    public async Task<(HttpStatusCode Status, string Body)> GetAsync(string path)
    {
        using var response = await _http.GetAsync(new Uri(path, UriKind.Relative));
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>POST an action (no body); the status.</summary>
    public async Task<HttpStatusCode> PostAsync(string path)
    {
        using var response = await _http.PostAsync(new Uri(path, UriKind.Relative), content: null);
        return response.StatusCode;
    }

    /// <summary>POST <paramref name="json"/> (application/json); the status and body.</summary>
    public async Task<(HttpStatusCode Status, string Body)> PostJsonAsync(string path, string json)
    {
        using var content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");
        using var response = await _http.PostAsync(new Uri(path, UriKind.Relative), content);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>The participants of <paramref name="room"/> from <c>GET /api/v1/rooms</c> (empty when the room is not listed open).</summary>
    public async Task<IReadOnlyList<JsonElement>> ParticipantsAsync(string room)
    {
        var (status, body) = await GetAsync("/api/v1/rooms");
        Assert.True(status == HttpStatusCode.OK, $"GET /api/v1/rooms: {(int)status} {body}");
        using var json = JsonDocument.Parse(body);
        foreach (var entry in json.RootElement.GetProperty("rooms").EnumerateArray())
        {
            if (entry.GetProperty("number").GetString() == room)
            {
                return [.. entry.GetProperty("participants").EnumerateArray().Select(p => p.Clone())];
            }
        }

        return [];
    }

    /// <summary>Polls <c>GET /api/v1/rooms</c> until <paramref name="done"/> holds for the room's participants; returns them.</summary>
    public async Task<IReadOnlyList<JsonElement>> WaitForParticipantsAsync(string room, Func<IReadOnlyList<JsonElement>, bool> done, TimeSpan limit, string what)
    {
        var deadline = DateTime.UtcNow + limit;
        while (true)
        {
            var participants = await ParticipantsAsync(room);
            if (done(participants))
            {
                return participants;
            }

            Assert.True(DateTime.UtcNow < deadline,
                $"{what} within {limit.TotalSeconds:F0} s; the API shows: [{string.Join(", ", participants.Select(p => p.GetRawText()))}]");
            await Task.Delay(200);
        }
    }

    /// <summary>Scrapes <c>/metrics</c> (the token's scope may be read) and sums each family's samples over their label sets.</summary>
    public async Task<(string Text, IReadOnlyDictionary<string, double> Families)> ScrapeAsync()
    {
        var (status, body) = await GetAsync("/metrics");
        Assert.True(status == HttpStatusCode.OK, $"GET /metrics: {(int)status} {body}");
        var families = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var line in body.Split('\n'))
        {
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var nameEnd = line.IndexOfAny(['{', ' ']);
            var valueStart = line.LastIndexOf(' ');
            var name = line[..nameEnd];
            var value = double.Parse(line[(valueStart + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture);
            families[name] = families.GetValueOrDefault(name) + value;
        }

        return (body, families);
    }

    public void Dispose() => _http.Dispose();
}
