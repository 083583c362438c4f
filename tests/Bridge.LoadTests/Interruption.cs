using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Bridge.LoadTests;

/// <summary>
/// Ctrl+C or SIGTERM stops what the harness started (the bridge, Janus, Kamailio, sipp) before the harness ends: left
/// running, a bridge keeps the media ports 52000–59999 and the next run's calls are refused with 503, and a Kamailio keeps
/// its port. The children are found in /proc by their parent.
/// </summary>
internal static class Interruption
{
    private static PosixSignalRegistration[]? s_registrations;

    public static void StopChildrenOnInterrupt() =>
        s_registrations ??= [PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop), PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop)];

    private static void Stop(PosixSignalContext context)
    {
        var stopped = 0;
        foreach (var pid in ProcessStats.ChildrenOf(Environment.ProcessId))
        {
            try
            {
                using var child = Process.GetProcessById(pid);
                child.Kill(entireProcessTree: true);
                child.WaitForExit(5000);
                stopped++;
            }
            catch (Exception exception) when (exception is ArgumentException or InvalidOperationException)
            {
                // ended meanwhile
            }
        }

        Console.Error.WriteLine(FormattableString.Invariant($"interrupted: stopped {stopped} process(es) this run started"));
    }
}
