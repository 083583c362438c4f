using Bridge.Service.Hosting;

namespace Bridge.Service.Tests.Hosting;

/// <summary>
/// The malloc arena cap the service sets at start (<see cref="NativeHeap"/>): the decision apart from the process, and on
/// this machine's glibc that mallopt takes it (the deployment test reads the same line from a published bridge's log).
/// </summary>
public sealed class NativeHeapTests
{
    [Fact]
    public void On_Linux_without_the_variable_the_cap_is_asked_for_and_reported()
    {
        int? asked = null;
        string setup = NativeHeap.Choose(linux: true, environment: null, arenas: 2, n => { asked = n; return true; });
        Assert.Equal(2, asked);
        Assert.Equal("at most 2 malloc arenas (MALLOC_ARENA_MAX overrides)", setup);
    }

    [Fact]
    public void The_administrators_MALLOC_ARENA_MAX_wins_and_mallopt_is_not_called()
    {
        string setup = NativeHeap.Choose(linux: true, environment: " 4 ", arenas: 2, _ => throw new InvalidOperationException("called"));
        Assert.Equal("malloc arenas as MALLOC_ARENA_MAX=4 sets them", setup);
    }

    [Fact]
    public void A_refusal_or_another_C_library_is_said_as_such()
    {
        Assert.Equal("malloc arenas as the C library chooses (it refused a limit)", NativeHeap.Choose(true, null, 2, _ => false));
        Assert.Equal("malloc arenas as the C library chooses (not glibc)", NativeHeap.Choose(true, null, 2, _ => null));
        Assert.Equal("the system's malloc", NativeHeap.Choose(false, null, 2, _ => throw new InvalidOperationException("called")));
    }
}
