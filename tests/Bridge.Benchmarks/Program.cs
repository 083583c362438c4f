using BenchmarkDotNet.Running;

namespace Bridge.Benchmarks;

/// <summary>Runs the benchmarks named on the command line: <c>dotnet run -c Release --project tests/Bridge.Benchmarks -- --filter '*Sip*'</c>.</summary>
internal static class Program
{
    private static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}
