using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace Bridge.Benchmarks.Srtp;

/// <summary>The short job, run in process so the benchmark needs no second build of the solution.</summary>
internal sealed class SrtpBenchmarkConfig : ManualConfig
{
    public SrtpBenchmarkConfig() => AddJob(Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance));
}
