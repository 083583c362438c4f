using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace Bridge.Web.Tests;

/// <summary>The test's side of the signalling socket: what the page does, message by message, with deadlines.</summary>
internal sealed class SignallingClient : IAsyncDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);
    private readonly ClientWebSocket _socket;

    private SignallingClient(ClientWebSocket socket) => _socket = socket;

    public WebSocketState State => _socket.State;

    public WebSocketCloseStatus? CloseStatus => _socket.CloseStatus;

    public static async Task<SignallingClient> ConnectAsync(Uri uri, string? origin)
    {
        var socket = new ClientWebSocket();
        if (origin is not null)
        {
            socket.Options.SetRequestHeader("Origin", origin);
        }

        socket.Options.CollectHttpResponseDetails = true;
        using var timeout = new CancellationTokenSource(Deadline);
        try
        {
            await socket.ConnectAsync(uri, timeout.Token);
        }
        catch (WebSocketException exception)
        {
            var status = socket.HttpStatusCode;
            socket.Dispose();
            throw new SignallingRefusedException((int)status, exception);
        }

        return new SignallingClient(socket);
    }

    public Task SendAsync(object message) => SendTextAsync(JsonSerializer.Serialize(message));

    public async Task SendTextAsync(string text)
    {
        using var timeout = new CancellationTokenSource(Deadline);
        await _socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, timeout.Token);
    }

    public async Task SendBytesAsync(byte[] bytes, WebSocketMessageType type)
    {
        using var timeout = new CancellationTokenSource(Deadline);
        await _socket.SendAsync(bytes, type, true, timeout.Token);
    }

    /// <summary>The next message from the bridge, or null when the bridge closed the socket instead.</summary>
    public async Task<JsonElement?> ReceiveAsync()
    {
        using var timeout = new CancellationTokenSource(Deadline);
        var buffer = new byte[256 * 1024];
        var count = 0;
        while (true)
        {
            var result = await _socket.ReceiveAsync(buffer.AsMemory(count), timeout.Token);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                // Answer the close as a browser does (RFC 6455 §5.5.1).
                if (_socket.State == WebSocketState.CloseReceived)
                {
                    await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, timeout.Token);
                }

                return null;
            }

            count += result.Count;
            if (result.EndOfMessage)
            {
                return JsonDocument.Parse(buffer.AsMemory(0, count)).RootElement.Clone();
            }
        }
    }

    /// <summary>The next message, which must be of <paramref name="type"/>.</summary>
    public async Task<JsonElement> ExpectAsync(string type)
    {
        var message = await ReceiveAsync();
        Assert.True(message.HasValue, $"expected '{type}', the bridge closed the socket ({CloseStatus})");
        Assert.Equal(type, message.Value.GetProperty("type").GetString());
        return message.Value;
    }

    /// <summary>Reads until the bridge closes; returns the types of the messages before the close.</summary>
    public async Task<List<string>> ReadUntilClosedAsync()
    {
        var types = new List<string>();
        while (await ReceiveAsync() is { } message)
        {
            types.Add(message.GetProperty("type").GetString()!);
        }

        return types;
    }

    /// <summary>Joins room 4711 with the participant PIN and expects acceptance.</summary>
    public async Task JoinAcceptedAsync(string name = "Ann")
    {
        await SendAsync(new { type = "join", room = Fakes.FakeBrowserGateway.Room, pin = Fakes.FakeBrowserGateway.Pin, name });
        await ExpectAsync("accepted");
    }

    public async Task CloseAsync()
    {
        using var timeout = new CancellationTokenSource(Deadline);
        await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", timeout.Token);
    }

    public ValueTask DisposeAsync()
    {
        _socket.Dispose();
        return ValueTask.CompletedTask;
    }
}
