using Bridge.Service.Hosting;

namespace Bridge.Service.Tests.Hosting;

/// <summary>The start-up log's line on glibc's malloc arenas (<see cref="NativeHeap"/>); the Debian package's test reads it from a bridge started with its unit's environment.</summary>
public sealed class NativeHeapTests
{
    [Fact]
    public void The_cap_the_environment_sets_is_reported()
    {
        Assert.Equal("at most 2 malloc arenas (MALLOC_ARENA_MAX=2)", NativeHeap.Describe(linux: true, arenaMax: "2"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("0")]
    [InlineData("two")]
    public void Without_a_cap_the_line_says_what_sets_it(string? arenaMax)
    {
        string line = NativeHeap.Describe(linux: true, arenaMax);
        Assert.StartsWith("glibc's malloc arenas, up to 8 a core", line, StringComparison.Ordinal);
        Assert.Contains("MALLOC_ARENA_MAX=2, as service/bridge.service sets it", line, StringComparison.Ordinal);
    }

    [Fact]
    public void Elsewhere_than_on_Linux_it_is_the_systems_malloc()
    {
        Assert.Equal("the system's malloc", NativeHeap.Describe(linux: false, arenaMax: "2"));
    }
}
