using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Bridge.Rtp;
using Bridge.Rtp.Receive;

namespace Bridge.Benchmarks.Rtp;

/// <summary>
/// The CPU the receive path costs under a steady load (issue 14), the socket loop per socket against the receive engine:
/// <c>dotnet run -c Release --project tests/Bridge.Benchmarks -- receive-load [sessions] [seconds] [threads]</c>.
/// A sender thread sends one 172-byte RTP datagram every 20 ms to each session (as phones do); the process's CPU minus the
/// sender thread's own is the receive cost (kernel receive, demultiplexing, parse, latch, statistics; no jitter buffer,
/// which both paths share). Prints one line: threads, datagrams per second, CPU % of one core, µs per datagram, process threads.
/// </summary>
internal static class ReceiveLoadRun
{
    public static int Run(string[] args)
    {
        int sessions = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 200;
        int seconds = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 10;
        int threads = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 1;
        using RtpReceiveEngine? engine = RtpReceiveEngine.TryCreate(threads, null, out string? unavailable);
        if (threads > 0 && engine is null)
        {
            Console.Error.WriteLine($"no receive engine: {unavailable}");
            return 1;
        }

        var allocator = new RtpPortAllocator(40000, 40000 + (sessions * 2) + 200) { ReceiveEngine = engine };
        var list = new List<RtpSession>();
        var targets = new SocketAddress[sessions];
        for (int i = 0; i < sessions; i++)
        {
            if (!RtpSession.TryCreate(allocator, IPAddress.Loopback, new RtpSessionOptions { RtcpMux = true }, TimeProvider.System, out RtpSession? session))
            {
                Console.Error.WriteLine("no ports");
                return 1;
            }

            session.ReceivePayloadType = 0;
            session.Start();
            list.Add(session);
            targets[i] = session.LocalRtpEndPoint.Serialize();
        }

        using var stop = new CancellationTokenSource();
        var window = new Window();
        var sender = new Thread(() => Send(targets, stop.Token, window)) { IsBackground = true, Name = "load-sender" };
        sender.Start();
        Thread.Sleep(2000);
        long received0 = list.Sum(s => s.GetStatistics().PacketsReceived);
        TimeSpan cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
        window.Mark = 1;
        var clock = Stopwatch.StartNew();
        Thread.Sleep(TimeSpan.FromSeconds(seconds));
        window.Mark = 2;
        while (Volatile.Read(ref window.Marked) < 2)
        {
            Thread.Sleep(1);
        }

        TimeSpan cpu1 = Process.GetCurrentProcess().TotalProcessorTime;
        double wall = clock.Elapsed.TotalSeconds;
        long received = list.Sum(s => s.GetStatistics().PacketsReceived) - received0;
        int processThreads = Process.GetCurrentProcess().Threads.Count;
        stop.Cancel();
        sender.Join();
        double receiveCpu = (cpu1 - cpu0).TotalSeconds - (window.SenderCpuEnd - window.SenderCpuStart);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"receive threads {threads}: {sessions} sessions, {received / wall:F0} datagrams/s received, receive CPU {100 * receiveCpu / wall:F1} % of one core, {1e6 * receiveCpu / Math.Max(1, received):F2} µs per datagram, {processThreads} process threads, load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]}"));
        foreach (RtpSession session in list)
        {
            session.Dispose();
        }

        return 0;
    }

    private static void Send(SocketAddress[] targets, CancellationToken stop, Window window)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var packet = new byte[12 + 160];
        var payload = new byte[160];
        var clock = Stopwatch.StartNew();
        long tick = 0;
        ushort sequence = 0;
        while (!stop.IsCancellationRequested)
        {
            int mark = window.Mark;
            if (mark != window.Marked)
            {
                double cpu = ThreadCpuSeconds();
                if (mark == 1)
                {
                    window.SenderCpuStart = cpu;
                }
                else
                {
                    window.SenderCpuEnd = cpu;
                }

                Volatile.Write(ref window.Marked, mark);
            }

            sequence++;
            for (int i = 0; i < targets.Length; i++)
            {
                var writer = new RtpPacketWriter(packet);
                writer.TryWriteHeader(false, 0, sequence, sequence * 160u, (uint)(i + 1));
                writer.TryWritePayload(payload);
                socket.SendTo(packet, SocketFlags.None, targets[i]);
            }

            tick++;
            TimeSpan next = TimeSpan.FromMilliseconds(20 * tick);
            TimeSpan wait = next - clock.Elapsed;
            if (wait > TimeSpan.Zero)
            {
                Thread.Sleep(wait);
            }
        }
    }

    /// <summary>This thread's user + system CPU from /proc/thread-self/stat (fields 14 and 15, clock ticks of 10 ms).</summary>
    private static double ThreadCpuSeconds()
    {
        string stat = File.ReadAllText("/proc/thread-self/stat");
        string[] fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0;
    }

    private sealed class Window
    {
        public volatile int Mark;
        public int Marked;
        public double SenderCpuStart;
        public double SenderCpuEnd;
    }
}
