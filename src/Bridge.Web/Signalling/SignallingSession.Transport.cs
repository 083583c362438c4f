using System.Net.WebSockets;

namespace Bridge.Web.Signalling;

/// <summary>The socket side of <see cref="SignallingSession"/>: bounded reads and the single writer.</summary>
internal sealed partial class SignallingSession
{
    private enum Received
    {
        Text,
        Binary,
        TooBig,
        Closed,
    }

    /// <summary>Reads one whole message into <paramref name="buffer"/>, at most <see cref="BridgeWebOptions.MaxMessageBytes"/>.</summary>
    private async Task<(Received Kind, int Length)> ReceiveAsync(byte[] buffer, CancellationToken cancellationToken)
    {
        var limit = _options.MaxMessageBytes;
        var count = 0;
        while (true)
        {
            if (count == limit)
            {
                return (Received.TooBig, 0);
            }

            var result = await _socket.ReceiveAsync(buffer.AsMemory(count, limit - count), cancellationToken).ConfigureAwait(false);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return (Received.Closed, 0);
            }

            count += result.Count;
            if (result.EndOfMessage)
            {
                return (result.MessageType == WebSocketMessageType.Text ? Received.Text : Received.Binary, count);
            }
        }
    }

    /// <summary>The only sender: messages in order, the newest roster when its turn comes, then the close frame.</summary>
    private async Task WriteLoopAsync(CancellationToken aborted)
    {
        try
        {
            await foreach (var item in _outbox.Reader.ReadAllAsync(aborted).ConfigureAwait(false))
            {
                if (_socket.State is not (WebSocketState.Open or WebSocketState.CloseReceived))
                {
                    return;
                }

                if (item.Close is { } status)
                {
                    await _socket.CloseOutputAsync(status, item.Reason, aborted).ConfigureAwait(false);

                    // The browser answers with its close frame, which ends the receive loop; one that does not is cut off.
                    _stop.CancelAfter(CloseGrace);
                    return;
                }

                var json = item.Roster ? RosterMessage() : item.Json;
                if (json is not null)
                {
                    await _socket.SendAsync(json, WebSocketMessageType.Text, endOfMessage: true, aborted).ConfigureAwait(false);
                }
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or WebSocketException or ObjectDisposedException)
        {
            // The browser went away.
        }
    }

    private byte[]? RosterMessage()
    {
        var entries = Interlocked.Exchange(ref _pendingRoster, null);
        return entries is null || _room is null ? null : MemberMessages.Roster(entries, _participant, RoomLocked);
    }
}
