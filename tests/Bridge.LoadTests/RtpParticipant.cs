using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace Bridge.LoadTests;

/// <summary>
/// One plain-RTP PCMU participant (RFC 3550, RFC 3551 payload type 0): sends a 20 ms frame each time the
/// <see cref="RtpClock"/> ticks (its talker tone, or µ-law silence), keys digits as RFC 4733 events, and counts what it
/// receives and which talker tones it hears (<see cref="ToneTally"/>).
/// </summary>
internal sealed class RtpParticipant : IDisposable
{
    private const byte EventPayloadType = 101;
    private static readonly byte[] Silence = Enumerable.Repeat((byte)0xFF, 160).ToArray();

    private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    private readonly byte[] _send = new byte[12 + 160];
    private readonly byte[] _receive = new byte[1500];
    private readonly byte[] _frame;
    private readonly Queue<char> _digits = new();
    private readonly ToneTally _tally = new();
    private readonly ArrivalJitter _jitter = new(8000); // PCMU's clock (RFC 3551 §4.5.14)
    private readonly SafeSocketHandle _handle;
    private SocketAddress? _remote;
    private ushort _sequence = (ushort)Random.Shared.Next();
    private uint _timestamp = (uint)Random.Shared.Next();
    private readonly uint _ssrc = (uint)Random.Shared.Next();
    private int _eventTick = -1;
    private int _gapTicks;

    public RtpParticipant(int talker)
    {
        Talker = talker;
        _frame = talker >= 0 ? ToneMeter.Frame(talker) : Silence;
        LocalPort = LoadPorts.Bind(_socket);
        _socket.ReceiveBufferSize = 256 * 1024;
        _handle = _socket.SafeHandle;
        ArrivalClock.Enable(_handle);
        _ = ReceiveLoopAsync();
    }

    /// <summary>Which tone this participant sends, or -1 for a silent one.</summary>
    public int Talker { get; }

    public int LocalPort { get; }

    public long Received => _tally.Received;

    /// <summary>The interarrival jitter of the audio the server sends this participant, since <see cref="ResetCounts"/>.</summary>
    public ArrivalJitter Jitter => _jitter;

    /// <summary>Where to send (the server's RTP port); nothing is sent before it is known.</summary>
    public void SendTo(IPEndPoint remote) => Volatile.Write(ref _remote, remote.Serialize());

    /// <summary>Queues digits to key as RFC 4733 events, one every 400 ms.</summary>
    public void Key(string digits)
    {
        lock (_digits)
        {
            foreach (var digit in digits)
            {
                _digits.Enqueue(digit);
            }
        }
    }

    /// <summary>Starts counting afresh (the measuring window).</summary>
    public void ResetCounts()
    {
        _tally.Reset();
        _jitter.Reset();
    }

    /// <summary>Whether every other talker was heard in at least half the frames checked.</summary>
    public bool HeardAllTalkers(int talkers) => _tally.HeardAll(talkers, Talker);

    /// <summary>Called by the clock every 20 ms: one audio frame, or the next packet of a digit being keyed.</summary>
    public void Tick()
    {
        var remote = Volatile.Read(ref _remote);
        if (remote is null)
        {
            return;
        }

        _timestamp += 160;
        if (TryEventPacket(out int length) || (length = AudioPacket()) > 0)
        {
            try
            {
                _socket.SendTo(_send.AsSpan(0, length), SocketFlags.None, remote);
            }
            catch (SocketException)
            {
                // a full buffer or a closed port: the loss shows in what the server mixes
            }
        }
    }

    private int AudioPacket()
    {
        Header(0, marker: false, _timestamp);
        _frame.CopyTo(_send.AsSpan(12));
        return 12 + 160;
    }

    /// <summary>RFC 4733 §2.5: a digit is 4 packets of growing duration with one timestamp, then 3 end packets.</summary>
    private bool TryEventPacket(out int length)
    {
        length = 0;
        if (_eventTick < 0)
        {
            if (_gapTicks > 0)
            {
                _gapTicks--;
                return false;
            }

            lock (_digits)
            {
                if (_digits.Count == 0)
                {
                    return false;
                }
            }

            _eventTick = 0;
        }

        char digit;
        lock (_digits)
        {
            digit = _digits.Peek();
        }

        uint start = _timestamp - (uint)(_eventTick * 160);
        bool end = _eventTick >= 4;
        Header(EventPayloadType, marker: _eventTick == 0, start);
        _send[12] = (byte)(digit switch { '*' => 10, '#' => 11, _ => digit - '0' });
        _send[13] = (byte)((end ? 0x80 : 0) | 10);
        BinaryPrimitives.WriteUInt16BigEndian(_send.AsSpan(14), (ushort)(Math.Min(_eventTick + 1, 4) * 160));
        length = 16;
        if (++_eventTick == 7)
        {
            _eventTick = -1;
            _gapTicks = 13; // 400 ms from one digit to the next
            lock (_digits)
            {
                _digits.Dequeue();
            }
        }

        return true;
    }

    private void Header(byte payloadType, bool marker, uint timestamp)
    {
        _send[0] = 0x80;
        _send[1] = (byte)((marker ? 0x80 : 0) | payloadType);
        BinaryPrimitives.WriteUInt16BigEndian(_send.AsSpan(2), _sequence++);
        BinaryPrimitives.WriteUInt32BigEndian(_send.AsSpan(4), timestamp);
        BinaryPrimitives.WriteUInt32BigEndian(_send.AsSpan(8), _ssrc);
    }

    private async Task ReceiveLoopAsync()
    {
        var from = new SocketAddress(AddressFamily.InterNetwork);
        while (true)
        {
            int length;
            try
            {
                length = await _socket.ReceiveFromAsync(_receive, SocketFlags.None, from);
            }
            catch (ObjectDisposedException)
            {
                return;
            }
            catch (SocketException)
            {
                continue; // ICMP port unreachable reported on the socket
            }

            if (length < 12 || (_receive[0] & 0xC0) != 0x80 || (_receive[1] & 0x7F) != 0)
            {
                continue;
            }

            long arrival = ArrivalClock.Now(_handle, out bool kernel); // before the next receive replaces the socket's stamp
            _jitter.Add(
                BinaryPrimitives.ReadUInt32BigEndian(_receive.AsSpan(8)), BinaryPrimitives.ReadUInt16BigEndian(_receive.AsSpan(2)),
                BinaryPrimitives.ReadUInt32BigEndian(_receive.AsSpan(4)), arrival, kernel);

            int header = 12 + (4 * (_receive[0] & 0x0F));
            _tally.Count(_receive.AsSpan(header, Math.Max(0, length - header)));
        }
    }

    public void Dispose() => _socket.Dispose();
}
