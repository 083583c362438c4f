using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using static Bridge.LoadTests.MessageBatchNative;

namespace Bridge.LoadTests;

/// <summary>
/// The SRTP load generator of the rooms scenario, made cheap so that it does not take the CPU the bridge is measured on:
/// a few UDP sockets shared by all participants (one per <see cref="ParticipantsPerSocket"/>; a participant's SDP names its
/// socket's port, and what the bridge sends is told apart by the bridge's port of each call), one send thread that every
/// 20 ms writes and protects each participant's packet into native memory and sends a socket's packets with sendmmsg(2),
/// 64 per call, and one receive thread that every 5 ms drains each socket with recvmmsg(2), 64 per call, each datagram
/// with its kernel receive time (SO_TIMESTAMPNS, for <see cref="ArrivalJitter"/>: the poll's delay is not charged). Slots (a native
/// packet buffer and the bridge's address per participant) are reused as callers come and go; nothing is allocated per
/// packet. Sockets bind even ports from <see cref="LowPort"/> (outside the interop tests' fixed ranges).
/// </summary>
internal sealed unsafe partial class SrtpGenerator : IDisposable
{
    public const int LowPort = 33000;
    public const int HighPort = 39999;
    public const int ParticipantsPerSocket = 250;
    private const int Batch = 64;
    private const int PacketSize = 256;
    private const int ReceiveSize = 2048;
    private const int ControlSize = 64; // room for one SCM_TIMESTAMPNS message (16-octet header, struct timespec)
    private const int SocketBuffer = 8 * 1024 * 1024;
    private static readonly TimeSpan ReceivePoll = TimeSpan.FromMilliseconds(5);

    private readonly Socket[] _sockets;
    private readonly int[] _fds;
    private readonly SrtpParticipant?[] _slots;
    private readonly SrtpParticipant?[] _byBridgePort = new SrtpParticipant?[65536];
    private readonly Stack<int> _free = new();
    private readonly byte* _packets;
    private readonly byte* _addresses;
    private readonly byte* _sendHeaders;
    private readonly byte* _sendIovecs;
    private readonly byte* _receiveHeaders;
    private readonly byte* _receiveData;
    private readonly int[] _batchCount;
    private readonly Thread[] _senders;
    private readonly Thread _receiver;
    private int _used;
    private int _nextSocket;
    private int _sending;
    private readonly long[] _sent;
    private readonly long[] _sendPasses;
    private long _received;
    private long _receivePasses;
    private volatile bool _stopping;

    public SrtpGenerator(int capacity)
    {
        if (!IsSupported)
        {
            throw new PlatformNotSupportedException("the SRTP generator needs 64-bit Linux (sendmmsg, recvmmsg)");
        }

        int sockets = Math.Max(1, (capacity + ParticipantsPerSocket - 1) / ParticipantsPerSocket);
        _sockets = new Socket[sockets];
        _fds = new int[sockets];
        int port = LowPort;
        for (int s = 0; s < sockets; s++)
        {
            (_sockets[s], port) = Bind(port);
            _fds[s] = (int)_sockets[s].SafeHandle.DangerousGetHandle();
            Enlarge(_fds[s]);
            KernelArrivals &= EnableTimestamps(_fds[s]);
            port += 2;
        }

        _slots = new SrtpParticipant?[capacity];
        for (int i = capacity - 1; i >= 0; i--)
        {
            _free.Push(i);
        }

        _packets = (byte*)NativeMemory.AllocZeroed((nuint)(capacity * PacketSize));
        _addresses = (byte*)NativeMemory.AllocZeroed((nuint)(capacity * SockaddrInSize));
        _sendHeaders = (byte*)NativeMemory.AllocZeroed((nuint)(sockets * Batch * MmsghdrSize));
        _sendIovecs = (byte*)NativeMemory.AllocZeroed((nuint)(sockets * Batch * IovecSize));
        _receiveHeaders = (byte*)NativeMemory.AllocZeroed((nuint)(Batch * (MmsghdrSize + IovecSize + SockaddrInSize + ControlSize)));
        _receiveData = (byte*)NativeMemory.AllocZeroed((nuint)(Batch * ReceiveSize));
        _batchCount = new int[sockets];
        byte* receiveIovecs = _receiveHeaders + (Batch * MmsghdrSize);
        byte* receiveNames = receiveIovecs + (Batch * IovecSize);
        byte* receiveControls = receiveNames + (Batch * SockaddrInSize);
        for (int i = 0; i < Batch; i++)
        {
            byte* iov = receiveIovecs + (i * IovecSize);
            *(byte**)iov = _receiveData + (i * ReceiveSize);
            *(nuint*)(iov + 8) = ReceiveSize;
            byte* header = _receiveHeaders + (i * MmsghdrSize);
            *(byte**)(header + MsgNameOffset) = receiveNames + (i * SockaddrInSize);
            *(byte**)(header + MsgIovOffset) = iov;
            *(nuint*)(header + MsgIovLenOffset) = 1;
            *(byte**)(header + MsgControlOffset) = receiveControls + (i * ControlSize);
        }

        // Two send threads from 500 callers on, each for half of the sockets (the brief: one or two sending threads).
        _senders = new Thread[sockets > 1 && capacity >= 500 ? 2 : 1];
        _sent = new long[_senders.Length];
        _sendPasses = new long[_senders.Length];
        for (int t = 0; t < _senders.Length; t++)
        {
            int index = t;
            _senders[t] = new Thread(() => Send(index)) { IsBackground = true, Name = $"srtp-send-{t}", Priority = ThreadPriority.AboveNormal };
            _senders[t].Start();
        }

        _receiver = new Thread(Receive) { IsBackground = true, Name = "srtp-receive", Priority = ThreadPriority.AboveNormal };
        _receiver.Start();
    }

    /// <summary>Whether every socket gives its datagrams' kernel receive times (else arrivals are the poll's Stopwatch time).</summary>
    public bool KernelArrivals { get; } = true;

    /// <summary>The generator's ports (one per socket).</summary>
    public string Ports => string.Join(",", _sockets.Select(s => ((IPEndPoint)s.LocalEndPoint!).Port));

    /// <summary>Datagrams sent (accepted by the kernel) and received since the start.</summary>
    public (long Sent, long Received) Datagrams
    {
        get
        {
            long sent = 0;
            for (int t = 0; t < _sent.Length; t++)
            {
                sent += Volatile.Read(ref _sent[t]);
            }

            return (sent, Volatile.Read(ref _received));
        }
    }

    /// <summary>20 ms ticks the slowest send thread has made since the start (a thread far behind skips ticks rather than burst).</summary>
    public long Ticks
    {
        get
        {
            long ticks = long.MaxValue;
            for (int t = 0; t < _sendPasses.Length; t++)
            {
                ticks = Math.Min(ticks, Volatile.Read(ref _sendPasses[t]));
            }

            return ticks;
        }
    }

    /// <summary>Callers answered and sending now (50 packets a second each).</summary>
    public int Sending => Volatile.Read(ref _sending);

    /// <summary>Gives <paramref name="participant"/> a slot and a socket; it sends from its first tick after the answer.</summary>
    public void Add(SrtpParticipant participant)
    {
        int slot;
        lock (_free)
        {
            slot = _free.Count > 0 ? _free.Pop() : throw new InvalidOperationException("the generator is full");
            if (slot >= _used)
            {
                Volatile.Write(ref _used, slot + 1);
            }

            participant.Socket = _nextSocket;
            _nextSocket = (_nextSocket + 1) % _sockets.Length;
        }

        participant.LocalPort = ((IPEndPoint)_sockets[participant.Socket].LocalEndPoint!).Port;
        participant.Slot = slot;
        Volatile.Write(ref _slots[slot], participant);
    }

    /// <summary>After the answer: where its packets go, and which of the received datagrams are its own.</summary>
    public void Answered(SrtpParticipant participant)
    {
        WriteLoopback(_addresses + (participant.Slot * SockaddrInSize), participant.BridgePort);
        Volatile.Write(ref _byBridgePort[participant.BridgePort], participant);
        Interlocked.Increment(ref _sending);
    }

    private void Send(int thread)
    {
        int step = _senders.Length;
        long deadline = Stopwatch.GetTimestamp();
        while (!_stopping)
        {
            int used = Volatile.Read(ref _used);
            for (int i = 0; i < used; i++)
            {
                var participant = Volatile.Read(ref _slots[i]);
                if (participant is null || participant.Socket % step != thread)
                {
                    continue;
                }

                byte* packet = _packets + (i * PacketSize);
                int length = participant.WritePacket(new Span<byte>(packet, PacketSize));
                if (length > 0)
                {
                    Queue(participant.Socket, packet, length, _addresses + (i * SockaddrInSize));
                }
            }

            for (int s = thread; s < _sockets.Length; s += step)
            {
                Flush(s);
            }

            Volatile.Write(ref _sendPasses[thread], _sendPasses[thread] + 1);
            TickDeadline.SleepUntilNext(ref deadline);
        }
    }

    private void Queue(int socket, byte* packet, int length, byte* address)
    {
        int n = _batchCount[socket]++;
        byte* header = _sendHeaders + (((socket * Batch) + n) * MmsghdrSize);
        byte* iov = _sendIovecs + (((socket * Batch) + n) * IovecSize);
        *(byte**)iov = packet;
        *(nuint*)(iov + 8) = (nuint)length;
        *(byte**)(header + MsgNameOffset) = address;
        *(uint*)(header + MsgNameLenOffset) = SockaddrInSize;
        *(byte**)(header + MsgIovOffset) = iov;
        *(nuint*)(header + MsgIovLenOffset) = 1;
        if (n + 1 == Batch)
        {
            Flush(socket);
        }
    }

    /// <summary>Sends the socket's queued packets; what the kernel refuses (a full buffer) is dropped, as a phone would lose it.</summary>
    private void Flush(int socket)
    {
        int count = _batchCount[socket];
        int sent = 0;
        while (sent < count)
        {
            int n = SendMmsg(_fds[socket], _sendHeaders + (((socket * Batch) + sent) * MmsghdrSize), (uint)(count - sent), 0);
            if (n <= 0)
            {
                break;
            }

            sent += n;
        }

        _batchCount[socket] = 0;
        int thread = socket % _senders.Length;
        Volatile.Write(ref _sent[thread], _sent[thread] + sent);
    }

    private void Receive()
    {
        while (!_stopping)
        {
            for (int s = 0; s < _sockets.Length; s++)
            {
                int n;
                do
                {
                    for (int i = 0; i < Batch; i++)
                    {
                        *(uint*)(_receiveHeaders + (i * MmsghdrSize) + MsgNameLenOffset) = SockaddrInSize;
                        *(nuint*)(_receiveHeaders + (i * MmsghdrSize) + MsgControlLenOffset) = ControlSize;
                    }

                    n = RecvMmsg(_fds[s], _receiveHeaders, Batch, MsgDontWait, null);
                    Volatile.Write(ref _received, _received + Math.Max(n, 0));
                    for (int i = 0; i < n; i++)
                    {
                        byte* header = _receiveHeaders + (i * MmsghdrSize);
                        byte* name = *(byte**)(header + MsgNameOffset);
                        int length = (int)Math.Min(*(uint*)(header + MsgLenOffset), ReceiveSize);
                        bool kernel = ArrivalClock.TryControlTimestamp(*(byte**)(header + MsgControlOffset), *(nuint*)(header + MsgControlLenOffset), out long arrival);
                        Volatile.Read(ref _byBridgePort[PortOf(name)])?.OnDatagram(
                            new Span<byte>(_receiveData + (i * ReceiveSize), length), kernel ? arrival : ArrivalClock.StopwatchNanoseconds(), kernel);
                    }
                }
                while (n == Batch);
            }

            Volatile.Write(ref _receivePasses, _receivePasses + 1);
            Thread.Sleep(ReceivePoll);
        }
    }

    private static bool EnableTimestamps(int fd)
    {
        int on = 1;
        return SetSockOpt(fd, SolSocket, SoTimestampNs, &on, sizeof(int)) == 0;
    }

    private static (Socket Socket, int Port) Bind(int port)
    {
        for (; port < HighPort; port += 2)
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            try
            {
                socket.Bind(new IPEndPoint(IPAddress.Loopback, port));
                return (socket, port);
            }
            catch (SocketException)
            {
                socket.Dispose();
            }
        }

        throw new InvalidOperationException($"no free port pair in {LowPort}–{HighPort}");
    }

    /// <summary>
    /// 8 MiB of socket buffer each way: 5 ms of a few hundred calls' packets must wait there for the receive thread. Beyond
    /// net.core.rmem_max only root may go (SO_RCVBUFFORCE); otherwise the kernel caps it and bursts may be dropped.
    /// </summary>
    private static void Enlarge(int fd)
    {
        int size = SocketBuffer;
        if (SetSockOpt(fd, SolSocket, SoRcvBufForce, &size, sizeof(int)) != 0)
        {
            SetSockOpt(fd, SolSocket, 8 /* SO_RCVBUF */, &size, sizeof(int));
        }

        if (SetSockOpt(fd, SolSocket, SoSndBufForce, &size, sizeof(int)) != 0)
        {
            SetSockOpt(fd, SolSocket, 7 /* SO_SNDBUF */, &size, sizeof(int));
        }
    }

    public void Dispose()
    {
        _stopping = true;
        foreach (var sender in _senders)
        {
            sender.Join();
        }

        _receiver.Join();
        foreach (var socket in _sockets)
        {
            socket.Dispose();
        }

        NativeMemory.Free(_packets);
        NativeMemory.Free(_addresses);
        NativeMemory.Free(_sendHeaders);
        NativeMemory.Free(_sendIovecs);
        NativeMemory.Free(_receiveHeaders);
        NativeMemory.Free(_receiveData);
    }
}
