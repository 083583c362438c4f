namespace Bridge.Interop.Tests.Tools;

/// <summary>
/// The test assembly's own entry point (instead of the test SDK's empty one): <c>video-cpu</c> runs
/// <see cref="VideoCpuMeasurement"/>. The test runner loads the assembly as a library and never calls it.
/// </summary>
internal static class Program
{
    private static int Main(string[] args) =>
        args.Length > 0 && args[0] == "video-cpu" ? VideoCpuMeasurement.RunAsync(args[1..]).GetAwaiter().GetResult() : 0;
}
