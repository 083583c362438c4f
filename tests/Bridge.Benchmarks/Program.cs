using BenchmarkDotNet.Running;

namespace Bridge.Benchmarks;

/// <summary>Runs the benchmarks named on the command line: <c>dotnet run -c Release --project tests/Bridge.Benchmarks -- --filter '*Sip*'</c>; <c>-- receive-load</c> runs <see cref="Rtp.ReceiveLoadRun"/>, <c>-- timer-load</c> <see cref="Rtp.TimerLoadRun"/>.</summary>
internal static class Program
{
    private static int Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "receive-load")
        {
            return Rtp.ReceiveLoadRun.Run(args);
        }

        if (args.Length > 0 && args[0] == "timer-load")
        {
            return Rtp.TimerLoadRun.Run(args);
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        return 0;
    }
}
