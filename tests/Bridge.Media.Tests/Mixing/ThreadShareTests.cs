using System.Globalization;
using Bridge.Media.Mixing;

namespace Bridge.Media.Tests.Mixing;

/// <summary>Raising threads' share by name: the kernel's view of their nice value (/proc, field 19) must follow, once.</summary>
public sealed class ThreadShareTests
{
    /// <summary>Nice values of this process's threads named <paramref name="name"/>, from the kernel.</summary>
    private static List<int> NiceOf(string name)
    {
        var values = new List<int>();
        foreach (var task in Directory.EnumerateDirectories("/proc/self/task"))
        {
            try
            {
                if (File.ReadAllText(Path.Combine(task, "comm")).TrimEnd('\n') != name)
                {
                    continue;
                }

                var stat = File.ReadAllText(Path.Combine(task, "stat"));
                values.Add(int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[19 - 3], CultureInfo.InvariantCulture));
            }
            catch (IOException)
            {
                // ended meanwhile
            }
        }

        return values;
    }

    [Fact]
    public void Threads_matching_by_name_get_their_nice_value_lowered_once_and_others_are_left_alone()
    {
        using var release = new ManualResetEventSlim();
        using var started = new CountdownEvent(3);
        Thread Start(string name)
        {
            var thread = new Thread(() =>
            {
                started.Signal();
                release.Wait();
            })
            { IsBackground = true, Name = name };
            thread.Start();
            return thread;
        }

        Thread[] threads = [Start("share-test-a"), Start("share-test-a"), Start("share-test-b")];
        Assert.True(started.Wait(TimeSpan.FromSeconds(5)));
        try
        {
            int own = ThreadShare.OwnNice();
            int target = Math.Max(-20, own - 5);
            bool allowed = SchedulingLimits.MayUseNice(target);

            var first = ThreadShare.RaiseByName(name => name is "share-test-a", own, 5);
            Assert.Equal(2, first.Matching);
            Assert.Equal(allowed ? (2, 0) : (0, 2), (first.Raised, first.Refused));
            Assert.Equal(allowed ? [target, target] : [own, own], NiceOf("share-test-a"));
            Assert.Equal([own], NiceOf("share-test-b"));

            var again = ThreadShare.RaiseByName(name => name is "share-test-a", own, 5);
            Assert.Equal((2, 0), (again.Matching, again.Raised));
        }
        finally
        {
            release.Set();
            foreach (Thread thread in threads)
            {
                thread.Join();
            }
        }
    }

    /// <summary>
    /// The garbage collector's threads are looked for every 10 s for the life of the service: a look must not allocate per
    /// thread of the process (reading each thread's name with File.ReadAllText was most of what a steady bridge allocated).
    /// The bytes of one look with 64 more threads running are the same as without them.
    /// </summary>
    [Fact]
    public void Looking_for_threads_by_name_allocates_nothing_per_thread()
    {
        static long OneLook()
        {
            ThreadShare.RaiseByName(static name => name is "no-such-thread", 0, 5);
            long before = GC.GetAllocatedBytesForCurrentThread();
            var result = ThreadShare.RaiseByName(static name => name is "no-such-thread", 0, 5);
            long bytes = GC.GetAllocatedBytesForCurrentThread() - before;
            Assert.Equal(0, result.Matching);
            return bytes;
        }

        long fewThreads = Enumerable.Range(0, 3).Min(_ => OneLook());
        using var release = new ManualResetEventSlim();
        using var started = new CountdownEvent(64);
        var threads = Enumerable.Range(0, 64).Select(i => new Thread(() =>
        {
            started.Signal();
            release.Wait();
        })
        { IsBackground = true, Name = "share-alloc-" + i.ToString(CultureInfo.InvariantCulture) }).ToList();
        threads.ForEach(t => t.Start());
        try
        {
            Assert.True(started.Wait(TimeSpan.FromSeconds(5)));
            long manyThreads = Enumerable.Range(0, 3).Min(_ => OneLook());
            Assert.True(manyThreads <= fewThreads, $"one look allocated {manyThreads} bytes with 64 more threads, {fewThreads} without them");
        }
        finally
        {
            release.Set();
            threads.ForEach(t => t.Join());
        }
    }
}
