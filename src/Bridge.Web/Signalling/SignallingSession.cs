using System.Buffers;
using System.Net;
using System.Net.WebSockets;
using System.Threading.Channels;
using Bridge.Conferencing.Browser;
using Bridge.Conferencing.DialOut;
using Bridge.Conferencing.Members;
using Bridge.Conferencing.Roster;
using Microsoft.Extensions.Logging;

namespace Bridge.Web.Signalling;

/// <summary>
/// One browser's signalling socket (RFC 6455), from the PIN to leaving. Messages are handled one at a time in the
/// receive loop; everything sent goes through one queue with one writer (a WebSocket allows one send at a time), and
/// the roster, raised on the conference queue, only replaces the latest pending snapshot there. Order: join (PIN check)
/// → accepted → the browser's offer → JoinAsync → answer; nothing of the media (ICE credentials, SDP answer) leaves
/// before an accepted PIN. One join per socket. Closing the socket leaves the room.
/// </summary>
internal sealed partial class SignallingSession
{
    private static readonly TimeSpan CloseGrace = TimeSpan.FromSeconds(5);
    private readonly WebSocket _socket;
    private readonly IBrowserGateway _gateway;
    private readonly IRoomRoster? _roster;
    private readonly BridgeWebOptions _options;
    private readonly TimeProvider _time;
    private readonly IPAddress _address;
    private readonly LogGate _gate;
    private readonly ILogger _logger;
    private readonly MessageRateLimiter _rate;
    private readonly Channel<Outgoing> _outbox = Channel.CreateUnbounded<Outgoing>(new UnboundedChannelOptions { SingleReader = true });
    private CancellationTokenSource _stop = new();
    private IReadOnlyList<RosterEntry>? _pendingRoster;
    private bool _joinSeen;
    private bool _offerSeen;
    private BrowserTicket? _ticket;
    private string _name = "";
    private volatile string? _room;
    private IBrowserParticipant? _participant;
    private int _leaving;
    private volatile string? _joinedRoom;

    public SignallingSession(WebSocket socket, IBrowserGateway gateway, IRoomRoster? roster, BridgeWebOptions options, TimeProvider time,
        IPAddress address, LogGate gate, ILogger logger, IRoomMembers? members = null, IDialOutActions? dialOut = null)
    {
        _members = members;
        _dialOut = dialOut;
        _socket = socket;
        _gateway = gateway;
        _roster = roster;
        _options = options;
        _time = time;
        _address = address;
        _gate = gate;
        _logger = logger;
        _rate = new MessageRateLimiter(time, options.MessagesPerSecond, options.MessageBurst);
    }

    /// <summary>Runs until the socket closes, the participant leaves, or bad input ends it; always leaves the room.</summary>
    public async Task RunAsync(CancellationToken aborted)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(aborted);
        _stop = stop;
        var writer = WriteLoopAsync(aborted);
        var buffer = ArrayPool<byte>.Shared.Rent(_options.MaxMessageBytes);
        await using var joinTimer = _time.CreateTimer(static state => ((SignallingSession)state!).OnJoinTimeout(), this, _options.JoinTimeout, Timeout.InfiniteTimeSpan);
        try
        {
            while (true)
            {
                var (kind, length) = await ReceiveAsync(buffer, stop.Token).ConfigureAwait(false);
                if (kind == Received.Closed)
                {
                    Enqueue(Outgoing.CloseWith(WebSocketCloseStatus.NormalClosure, "bye"));
                    break;
                }

                if (!await HandleAsync(kind, buffer.AsMemory(0, length), stop.Token).ConfigureAwait(false))
                {
                    break;
                }
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or WebSocketException or ObjectDisposedException)
        {
            // The browser went away (or never answered our close): nothing to tell it.
        }
        finally
        {
            if (_roster is not null)
            {
                _roster.Changed -= OnRosterChanged;
            }

            StopVideo();

            await LeaveRoomAsync().ConfigureAwait(false);
            _outbox.Writer.TryComplete();
            await writer.ConfigureAwait(false);
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Handles one received message; false ends the receive loop (a close has been queued).</summary>
    private async Task<bool> HandleAsync(Received kind, ReadOnlyMemory<byte> message, CancellationToken cancellationToken)
    {
        if (kind == Received.TooBig)
        {
            return Fail("oversized message", $"Messages are limited to {_options.MaxMessageBytes / 1024} KiB.", WebSocketCloseStatus.MessageTooBig);
        }

        if (!_rate.TryTake())
        {
            return Fail("message flood", "Too many messages.", WebSocketCloseStatus.PolicyViolation);
        }

        var parsed = kind == Received.Text ? ClientMessage.Parse(message.Span) : null;
        if (parsed is null)
        {
            return Fail("junk message", "Bad message.", kind == Received.Binary ? WebSocketCloseStatus.InvalidMessageType : WebSocketCloseStatus.PolicyViolation);
        }

        return parsed.Type switch
        {
            ClientMessageType.Join => await JoinAsync(parsed, cancellationToken).ConfigureAwait(false),
            ClientMessageType.Offer => await OfferAsync(parsed.Sdp!, cancellationToken).ConfigureAwait(false),
            ClientMessageType.Mute => Mute(parsed.Muted),
            ClientMessageType.Screen => Screen(parsed.Muted),
            ClientMessageType.Member => await MemberAsync(parsed.Request!).ConfigureAwait(false),
            ClientMessageType.DialOut => await DialOutAsync(parsed.Number!).ConfigureAwait(false),
            _ => await LeaveAsync().ConfigureAwait(false),
        };
    }

    private async Task<bool> JoinAsync(ClientMessage join, CancellationToken cancellationToken)
    {
        if (_joinSeen)
        {
            return Fail("second join", "This connection has already been used to join; reload the page to join again.", WebSocketCloseStatus.PolicyViolation);
        }

        _joinSeen = true;
        var name = RosterView.CleanName(join.Name);
        if (name.Length == 0)
        {
            return Fail("join without a name", "Please enter your name.", WebSocketCloseStatus.PolicyViolation);
        }

        // A room or PIN that is not digits cannot open anything: the same answer as a wrong PIN, without a check.
        if (!IsDigits(join.Room!) || !IsDigits(join.Pin!))
        {
            Enqueue(Outgoing.Message(ServerMessages.Refused()));
            Enqueue(Outgoing.CloseWith(WebSocketCloseStatus.NormalClosure, "refused"));
            return false;
        }

        BrowserPinCheck check;
        try
        {
            check = await _gateway.CheckPinAsync(_address, join.Room!, join.Pin!, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogGatewayFailed(exception, "PIN check");
            return Fail(null, "The bridge could not check the PIN. Try again later.", WebSocketCloseStatus.InternalServerError);
        }

        switch (check.Outcome)
        {
            case BrowserPinOutcome.Accepted when check.Ticket is not null:
                _ticket = check.Ticket;
                _name = name;
                Enqueue(Outgoing.Message(ServerMessages.Accepted(check.Ticket.Room, check.Ticket.Role)));
                return true;
            case BrowserPinOutcome.LockedOut:
                Enqueue(Outgoing.Message(ServerMessages.Locked()));
                Enqueue(Outgoing.CloseWith(WebSocketCloseStatus.NormalClosure, "locked out"));
                return false;
            default:
                Enqueue(Outgoing.Message(ServerMessages.Refused()));
                Enqueue(Outgoing.CloseWith(WebSocketCloseStatus.NormalClosure, "refused"));
                return false;
        }
    }

    private async Task<bool> OfferAsync(string offer, CancellationToken cancellationToken)
    {
        if (_ticket is null || _offerSeen)
        {
            return Fail(_offerSeen ? "second offer" : "offer before an accepted PIN",
                _offerSeen ? "This connection already has its media." : "Join with a correct PIN first.", WebSocketCloseStatus.PolicyViolation);
        }

        _offerSeen = true;
        var ticket = _ticket;
        _ticket = null;
        try
        {
            _participant = await _gateway.JoinAsync(ticket, _name, offer, cancellationToken).ConfigureAwait(false);
        }
        catch (BrowserJoinException exception)
        {
            LogJoinRefused(_address, ticket.Room, exception.Message);
            return Fail(null, exception.Message, WebSocketCloseStatus.NormalClosure);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogGatewayFailed(exception, "join");
            return Fail(null, "Could not join the room.", WebSocketCloseStatus.InternalServerError);
        }

        var participant = _participant;
        _joinedRoom = ticket.Room;
        LogJoined(_address, ticket.Room, participant.Role);
        Enqueue(Outgoing.Message(ServerMessages.Answer(participant.Id, participant.AnswerSdp)));
        StartVideo(participant);
        if (_roster is not null)
        {
            _room = ticket.Room;
            ReadLockState(ticket.Room);
            _roster.Changed += OnRosterChanged;
            var roster = _roster.Get(ticket.Room);
            NoteSelf(roster);
            Interlocked.CompareExchange(ref _pendingRoster, roster, null);
            Enqueue(Outgoing.LatestRoster);
        }

        _ = participant.Ended.ContinueWith(static (_, state) => ((SignallingSession)state!).OnEnded(), this,
            CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        return true;
    }

    private bool Mute(bool muted)
    {
        if (_participant is null)
        {
            return Fail("mute before joining", "Not in a room.", WebSocketCloseStatus.PolicyViolation);
        }

        _participant.SetMuted(muted);
        Enqueue(Outgoing.Message(ServerMessages.Muted(muted)));
        return true;
    }

    private async Task<bool> LeaveAsync()
    {
        await LeaveRoomAsync().ConfigureAwait(false);
        Enqueue(Outgoing.Message(ServerMessages.Left()));
        Enqueue(Outgoing.CloseWith(WebSocketCloseStatus.NormalClosure, "left"));
        return false;
    }

    /// <summary>Leaves the room once (the participant's dispose is idempotent, but the roster handler goes first).</summary>
    private async Task LeaveRoomAsync()
    {
        _room = null;
        if (_participant is { } participant && Interlocked.Exchange(ref _leaving, 1) == 0)
        {
            try
            {
                await participant.DisposeAsync().ConfigureAwait(false);
            }
            catch (Exception exception)
            {
                LogGatewayFailed(exception, "leave");
            }
        }
    }

    /// <summary>The participant left for a reason of the bridge's (removed, room ended, media lost): tell the page and close.</summary>
    private void OnEnded()
    {
        if (Volatile.Read(ref _leaving) == 0)
        {
            Enqueue(Outgoing.Message(EndedMessage()));
            Enqueue(Outgoing.CloseWith(WebSocketCloseStatus.NormalClosure, "ended"));
        }
    }

    /// <summary>The host is stopping: tell the page, close (1001 going away) and so leave the room, instead of holding the stop.</summary>
    public void OnHostStopping()
    {
        Enqueue(Outgoing.Message(ServerMessages.ShuttingDown()));
        Enqueue(Outgoing.CloseWith(WebSocketCloseStatus.EndpointUnavailable, "shutting down"));
    }

    private void OnJoinTimeout()
    {
        if (_participant is null)
        {
            Enqueue(Outgoing.Message(ServerMessages.Error("Timed out.")));
            Enqueue(Outgoing.CloseWith(WebSocketCloseStatus.PolicyViolation, "timeout"));
        }
    }

    /// <summary>Raised on the conference queue: only swaps the latest snapshot in; the writer sends it.</summary>
    private void OnRosterChanged(object? sender, RosterChangedEventArgs e)
    {
        if (!string.Equals(e.Room, _room, StringComparison.Ordinal))
        {
            return;
        }

        NoteSelf(e.Entries);
        NoteLockState(e);
        if (Interlocked.Exchange(ref _pendingRoster, e.Entries) is null)
        {
            Enqueue(Outgoing.LatestRoster);
        }
    }

    /// <summary>Queues the error for the page and the close; logs the bad input once per interval (never its content).</summary>
    private bool Fail(string? badInput, string message, WebSocketCloseStatus status)
    {
        if (badInput is not null && _gate.TryEnter(badInput, out var suppressed))
        {
            LogBadInput(badInput, _address, suppressed);
        }

        Enqueue(Outgoing.Message(ServerMessages.Error(message)));
        Enqueue(Outgoing.CloseWith(status, status == WebSocketCloseStatus.NormalClosure ? "closed" : "error"));
        return false;
    }

    private void Enqueue(Outgoing item) => _outbox.Writer.TryWrite(item);

    private static bool IsDigits(string text) => text.Length is > 0 and <= 32 && text.All(char.IsAsciiDigit);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Signalling: {Kind} from {Address}; socket closed ({Suppressed} more since the last such line)")]
    private partial void LogBadInput(string kind, IPAddress address, int suppressed);

    [LoggerMessage(Level = LogLevel.Information, Message = "Browser at {Address} joined room {Room} as {Role}")]
    private partial void LogJoined(IPAddress address, string room, Bridge.Conferencing.ConferenceRole role);

    [LoggerMessage(Level = LogLevel.Information, Message = "Browser at {Address} could not join room {Room}: {Reason}")]
    private partial void LogJoinRefused(IPAddress address, string room, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Signalling: the bridge failed during {Step}")]
    private partial void LogGatewayFailed(Exception exception, string step);
}
