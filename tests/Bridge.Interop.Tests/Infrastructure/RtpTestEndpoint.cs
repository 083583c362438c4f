using System.Buffers.Binary;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Bridge.Rtp;
using Bridge.TestKit.Audio;
using NAudio.Codecs;

namespace Bridge.Interop.Tests.Infrastructure;

/// <summary>
/// The media side of a sipp call, owned by the test: a UDP port that records every RTP packet the bridge sends to it
/// (arrival time, payload type, whether the G.711 payload holds the test tone) and, while <see cref="Sending"/>, sends a
/// 1 kHz tone from the same port to where the bridge's packets come from (symmetric RTP), 20 ms a packet, its timestamps
/// following the wall clock as a phone's sampling clock does, however late this process's threads run (before, a loaded test
/// process put the stream behind real time by every missed timer tick, until the bridge played none of it). Sending and
/// receiving run on threads of their own, not the thread pool.
/// </summary>
public sealed class RtpTestEndpoint : IAsyncDisposable
{
    public const double Tone = 1000;

    private readonly UdpClient _socket;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Packet> _received = [];
    private readonly Stopwatch _clock;
    private readonly Task _receiveLoop;
    private readonly Task _sendLoop;
    private volatile IPEndPoint? _bridge;
    private volatile IRtpProtector? _sendProtector;
    private readonly (int Low, int High) _bridgePorts;
    private int _sent;
    private double _firstSentAt = -1;
    private long _pendingStallTicks;

    /// <summary>20 ms in <see cref="Stopwatch"/> ticks.</summary>
    private static readonly long FramePeriodTicks = Stopwatch.Frequency / 50;

    /// <summary>Frames a late timer catches up on at most (half a second); older ones are skipped, the timestamp still advancing.</summary>
    private const int MaxBacklogFrames = 25;

    /// <param name="clock">The test's clock, for arrival times.</param>
    /// <param name="bridgePorts">The bridge's RTP port range: datagrams from any other port are ignored. A port handed out
    /// by the kernel may still receive the last packets of an earlier test's call, and those must neither be counted
    /// nor become the address this endpoint sends to.</param>
    public RtpTestEndpoint(Stopwatch clock, (int Low, int High) bridgePorts)
    {
        _clock = clock;
        _bridgePorts = bridgePorts;
        _socket = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        Port = ((IPEndPoint)_socket.Client.LocalEndPoint!).Port;
        // Dedicated threads, as a phone's sound card clock: on the thread pool a blocked worker elsewhere in the test
        // process stalled the sending for a second now and then (the pool adds threads slowly), and the bridge's echo of
        // the missing second failed ReInviteInteropTests (a capture showed the test's stream pausing 988 ms, the bridge's not).
        _receiveLoop = Task.Factory.StartNew(ReceiveLoop, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        _sendLoop = Task.Factory.StartNew(SendLoop, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    /// <summary>One received RTP packet: seconds on the test's clock, payload type, tone found (plain RTP only), the datagram.</summary>
    public sealed record Packet(double At, int PayloadType, bool HasTone, byte[] Data);

    public int Port { get; }

    /// <summary>RTP packets sent so far.</summary>
    public int Sent => Volatile.Read(ref _sent);

    /// <summary>When the first packet was sent (seconds on the test's clock), or -1.</summary>
    public double FirstSentAt => Volatile.Read(ref _firstSentAt);

    /// <summary>Send the tone while true.</summary>
    public bool Sending { get; set; } = true;

    /// <summary>
    /// Stops sending for <paramref name="duration"/> without advancing the RTP timestamp or sequence number, as a phone whose
    /// audio capture stalled (or a process paused by the scheduler or a garbage collection) does: afterwards its media clock
    /// runs <paramref name="duration"/> behind the arrival clock for good.
    /// </summary>
    public void Stall(TimeSpan duration) => Interlocked.Add(ref _pendingStallTicks, (long)(duration.TotalSeconds * Stopwatch.Frequency));

    /// <summary>The payload type to send: 0 (PCMU) or 8 (PCMA).</summary>
    public int SendPayloadType { get; set; }

    /// <summary>SRTP for what this endpoint sends (replace it to re-key); null sends plain RTP.</summary>
    public IRtpProtector? SendProtector { get => _sendProtector; set => _sendProtector = value; }

    /// <summary>Whether a G.711 payload holds the test tone.</summary>
    public static bool HasTone(ReadOnlySpan<byte> payload, int payloadType)
    {
        Span<short> pcm = stackalloc short[160];
        var samples = Math.Min(payload.Length, pcm.Length);
        for (var i = 0; i < samples; i++)
        {
            pcm[i] = payloadType == 8 ? ALawDecoder.ALawToLinearSample(payload[i]) : MuLawDecoder.MuLawToLinearSample(payload[i]);
        }

        var level = Goertzel.LevelDbfs(pcm[..samples], Tone, 8000);
        return samples >= 80 && level > -40 && level > Goertzel.RmsDbfs(pcm[..samples]) - 6;
    }

    public IReadOnlyList<Packet> Received
    {
        get
        {
            lock (_received)
            {
                return [.. _received];
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _socket.Dispose();
        await Task.WhenAll(_receiveLoop, _sendLoop).ContinueWith(_ => { }, TaskScheduler.Default);
        _stop.Dispose();
    }

    private void ReceiveLoop()
    {
        var buffer = new byte[2048];
        while (!_stop.IsCancellationRequested)
        {
            EndPoint from = new IPEndPoint(IPAddress.Any, 0);
            int received;
            try
            {
                received = _socket.Client.ReceiveFrom(buffer, ref from); // ends with the socket's disposal
            }
            catch (Exception exception) when (exception is ObjectDisposedException or SocketException)
            {
                return;
            }

            var remote = (IPEndPoint)from;
            if (remote.Port < _bridgePorts.Low || remote.Port > _bridgePorts.High)
            {
                continue; // not from the bridge under test
            }

            var data = buffer.AsSpan(0, received).ToArray();
            var payloadType = data.Length >= 12 ? data[1] & 0x7F : -1;
            if (data.Length < 12 || data[0] >> 6 != 2 || payloadType is >= 72 and <= 76)
            {
                continue; // not RTP, or RTCP on a multiplexed port
            }

            _bridge = remote;
            var header = 12 + (data[0] & 0x0F) * 4;
            var plain = _sendProtector is null && payloadType is 0 or 8;
            var packet = new Packet(_clock.Elapsed.TotalSeconds, payloadType, plain && HasTone(data.AsSpan(header), payloadType), data);
            lock (_received)
            {
                _received.Add(packet);
            }
        }
    }

    private void SendLoop()
    {
        var buffer = new byte[12 + 160 + 16];
        ushort sequence = 1;
        var origin = Stopwatch.GetTimestamp();
        long frames = 0; // frames of the sampling clock consumed (sent, or skipped while not sending)
        var stop = _stop.Token;
        try
        {
            while (!stop.IsCancellationRequested)
            {
                // Like a phone's sound card, the sampling clock runs on whatever this process does: frames that fell due
                // while this thread was late are sent now, back to back, with their own timestamps (a late wake-up must
                // not put the stream behind real time). A stall moves the clock's origin instead: the frames are never made.
                var now = Stopwatch.GetTimestamp();
                origin += Interlocked.Exchange(ref _pendingStallTicks, 0);
                var due = (now - origin) / FramePeriodTicks;
                frames = Math.Max(frames, due - MaxBacklogFrames);
                for (; frames < due; frames++)
                {
                    if (!Sending || _bridge is not { } bridge)
                    {
                        continue; // not sending: the timestamp still advances (RFC 3550 §5.1)
                    }

                    var length = WritePacket(buffer, sequence++, frames);
                    _socket.Client.SendTo(buffer.AsSpan(0, length), SocketFlags.None, bridge);
                    if (Interlocked.Increment(ref _sent) == 1)
                    {
                        Volatile.Write(ref _firstSentAt, _clock.Elapsed.TotalSeconds);
                    }
                }

                // Until frame `frames`, the next to make, falls due (a frame period at most: a stall asked meanwhile is applied then).
                var untilNext = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), origin + ((frames + 1) * FramePeriodTicks));
                stop.WaitHandle.WaitOne(TimeSpan.FromMilliseconds(Math.Clamp(Math.Ceiling(untilNext.TotalMilliseconds), 1, 20)));
            }
        }
        catch (Exception exception) when (exception is ObjectDisposedException or SocketException)
        {
            // stopped
        }
    }

    /// <summary>Writes frame <paramref name="frame"/> of the tone as one RTP packet (protected when set); returns its length.</summary>
    private int WritePacket(byte[] buffer, ushort sequence, long frame)
    {
        var payloadType = SendPayloadType;
        buffer[0] = 0x80;
        buffer[1] = (byte)payloadType;
        BinaryPrimitives.WriteUInt16BigEndian(buffer.AsSpan(2), sequence);
        BinaryPrimitives.WriteUInt32BigEndian(buffer.AsSpan(4), (uint)(frame * 160));
        BinaryPrimitives.WriteUInt32BigEndian(buffer.AsSpan(8), 0x5EED_0001);
        for (var i = 0; i < 160; i++)
        {
            var value = (short)(8000 * Math.Sin(2 * Math.PI * Tone * ((frame * 160) + i) / 8000));
            buffer[12 + i] = payloadType == 8 ? ALawEncoder.LinearToALawSample(value) : MuLawEncoder.LinearToMuLawSample(value);
        }

        var length = 12 + 160;
        if (_sendProtector is { } protector)
        {
            length = protector.ProtectRtp(buffer, length);
        }

        return length;
    }
}
