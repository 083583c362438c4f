using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Bridge.Rtp;

namespace Bridge.Benchmarks.Rtp;

/// <summary>
/// The CPU the sessions' own timers cost (issue 14): housekeeping (RTP timeout, RFC 4733 event end) and RTCP reports of
/// started sessions that receive nothing, on the system clock:
/// <c>dotnet run -c Release --project tests/Bridge.Benchmarks -- timer-load [sessions] [seconds]</c>. The reports go to a
/// drained loopback socket. Prints the process's CPU over the window (after 3 s of settling) as % of one core.
/// </summary>
internal static class TimerLoadRun
{
    public static int Run(string[] args)
    {
        int sessions = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 500;
        int seconds = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 15;
        var allocator = new RtpPortAllocator(40000, 40000 + (sessions * 2) + 200);
        using var sink = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        sink.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var list = new List<RtpSession>();
        for (int i = 0; i < sessions; i++)
        {
            if (!RtpSession.TryCreate(allocator, IPAddress.Loopback, new RtpSessionOptions { RtcpMux = true }, TimeProvider.System, out RtpSession? session))
            {
                Console.Error.WriteLine("no ports");
                return 1;
            }

            session.SetRemote((IPEndPoint)sink.LocalEndPoint!);
            session.Start();
            list.Add(session);
            Thread.Sleep(2); // calls start at different moments
        }

        var drain = new Thread(() => Drain(sink)) { IsBackground = true, Name = "rtcp-drain" };
        drain.Start();
        Thread.Sleep(3000);
        TimeSpan cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        Thread.Sleep(TimeSpan.FromSeconds(seconds));
        TimeSpan cpu1 = Process.GetCurrentProcess().TotalProcessorTime;
        double wall = clock.Elapsed.TotalSeconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{sessions} sessions' timers: {100 * (cpu1 - cpu0).TotalSeconds / wall:F2} % of one core over {wall:F0} s, load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]}"));
        foreach (RtpSession session in list)
        {
            session.Dispose();
        }

        return 0;
    }

    private static void Drain(Socket sink)
    {
        var buffer = new byte[2048];
        try
        {
            while (true)
            {
                sink.Receive(buffer);
            }
        }
        catch (SocketException)
        {
        }
        catch (ObjectDisposedException)
        {
        }
    }
}
