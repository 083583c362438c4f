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

            var first = ThreadShare.RaiseByName(name => name == "share-test-a", own, 5);
            Assert.Equal(2, first.Matching);
            Assert.Equal(allowed ? (2, 0) : (0, 2), (first.Raised, first.Refused));
            Assert.Equal(allowed ? [target, target] : [own, own], NiceOf("share-test-a"));
            Assert.Equal([own], NiceOf("share-test-b"));

            var again = ThreadShare.RaiseByName(name => name == "share-test-a", own, 5);
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
}
