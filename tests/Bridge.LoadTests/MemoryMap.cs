using System.Globalization;

namespace Bridge.LoadTests;

/// <summary>
/// A process's resident memory by kind, from <c>/proc/PID/smaps</c> (proc(5)), so that a soak can say where growth went:
/// <list type="bullet">
/// <item><b>malloc</b>: glibc's main heap (<c>[heap]</c>) and its arenas. An arena is a 64 MiB-aligned anonymous mapping
/// whose used part is read-write and the rest of its 64 MiB reserved (<c>---p</c>) up to the next 64 MiB boundary.</item>
/// <item><b>JIT code</b>: the runtime's double-mapped code pages (<c>memfd:doublemapper</c>).</item>
/// <item><b>stacks</b>: read-write anonymous mappings of at least 1 MiB right behind a 4 KiB guard page (threads' stacks).</item>
/// <item><b>files</b>: mapped files (assemblies, native libraries).</item>
/// <item><b>other anonymous</b>: the rest, chiefly the garbage collector's regions and the runtime's own heaps.</item>
/// </list>
/// The kinds are told apart by shape, not by a label the kernel gives, so a mapping can land in the wrong one; their sum is
/// the process's RSS.
/// </summary>
internal sealed record MemoryMap(long MallocKiB, long JitCodeKiB, long StacksKiB, long FilesKiB, long OtherAnonymousKiB)
{
    private const long ArenaSize = 64L << 20;

    public long TotalKiB => MallocKiB + JitCodeKiB + StacksKiB + FilesKiB + OtherAnonymousKiB;

    /// <summary>Reads the map of <paramref name="pid"/>; null where there is no /proc (not Linux) or the process ended.</summary>
    public static MemoryMap? Read(int pid)
    {
        try
        {
            return Parse(File.ReadLines($"/proc/{pid}/smaps"));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Sums the <c>Rss:</c> lines of an smaps text by the kind of the mapping each follows.</summary>
    internal static MemoryMap Parse(IEnumerable<string> smaps)
    {
        var mappings = new List<Mapping>();
        foreach (var line in smaps)
        {
            if (Mapping.TryParseHeader(line, out var mapping))
            {
                mappings.Add(mapping);
            }
            else if (mappings.Count > 0 && line.StartsWith("Rss:", StringComparison.Ordinal))
            {
                mappings[^1] = mappings[^1] with { RssKiB = long.Parse(line.AsSpan(4).Trim().TrimEnd("kB").Trim(), CultureInfo.InvariantCulture) };
            }
        }

        long malloc = 0, jit = 0, stacks = 0, files = 0, other = 0;
        for (int i = 0; i < mappings.Count; i++)
        {
            var m = mappings[i];
            if (m.Name == "[heap]" || IsArena(m, i + 1 < mappings.Count ? mappings[i + 1] : null))
            {
                malloc += m.RssKiB;
            }
            else if (m.Name.Contains("doublemapper", StringComparison.Ordinal))
            {
                jit += m.RssKiB;
            }
            else if (m.Name.StartsWith('/'))
            {
                files += m.RssKiB;
            }
            else if (m.Name.Length == 0 && m.Writable && m.Size >= 1L << 20 && i > 0 && IsGuardBefore(mappings[i - 1], m))
            {
                stacks += m.RssKiB;
            }
            else if (m.Name == "[stack]")
            {
                stacks += m.RssKiB;
            }
            else
            {
                other += m.RssKiB;
            }
        }

        return new MemoryMap(malloc, jit, stacks, files, other);
    }

    private static bool IsArena(Mapping m, Mapping? next) =>
        m.Name.Length == 0 && m.Writable && m.Start % ArenaSize == 0 &&
        (m.Size == ArenaSize || (next is { Name.Length: 0, Writable: false } && next.Start == m.End && next.End == m.Start + ArenaSize));

    private static bool IsGuardBefore(Mapping guard, Mapping stack) =>
        guard.Name.Length == 0 && !guard.Writable && guard.Size == 4096 && guard.End == stack.Start;

    private sealed record Mapping(long Start, long End, bool Writable, string Name, long RssKiB)
    {
        public long Size => End - Start;

        // "7f1f9c000000-7f1f9c021000 rw-p 00000000 00:00 0    [name]"
        public static bool TryParseHeader(string line, out Mapping mapping)
        {
            mapping = null!;
            int dash = line.IndexOf('-');
            int space = line.IndexOf(' ');
            if (dash <= 0 || space <= dash ||
                !long.TryParse(line.AsSpan(0, dash), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out long start) ||
                !long.TryParse(line.AsSpan(dash + 1, space - dash - 1), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out long end))
            {
                return false;
            }

            var fields = line.Split(' ', 6, StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length < 5)
            {
                return false;
            }

            mapping = new Mapping(start, end, fields[1].Length > 1 && fields[1][1] == 'w', fields.Length > 5 ? fields[5].Trim() : string.Empty, 0);
            return true;
        }
    }
}
