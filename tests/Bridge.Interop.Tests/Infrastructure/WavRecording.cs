using System.Buffers.Binary;
using System.Diagnostics;

namespace Bridge.Interop.Tests.Infrastructure;

/// <summary>
/// A phone's recording is complete once the phone has closed it: its RIFF header then counts exactly the bytes in
/// the file (writers fill it in on close) and the file no longer grows. Awaited instead of a fixed pause after a call.
/// </summary>
public static class WavRecording
{
    private const long HeaderSlack = 64;

    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(100);

    /// <summary>Waits until <paramref name="path"/> (or the file <paramref name="find"/> names) is a complete WAV
    /// whose size held still for two polls; fails the test saying which recording never got complete.</summary>
    public static async Task<string> WaitUntilCompleteAsync(Func<string?> find, TimeSpan limit, string what)
    {
        var clock = Stopwatch.StartNew();
        long lastLength = -1;
        var steady = 0;
        var state = "no file";
        while (clock.Elapsed < limit)
        {
            if (find() is { } path && File.Exists(path))
            {
                var length = new FileInfo(path).Length;
                var header = HeaderMatches(path, length);
                steady = header && length == lastLength ? steady + 1 : 0;
                lastLength = length;
                state = $"{path}: {length} bytes, header {(header ? "complete" : "not yet written")}";
                if (steady >= 2)
                {
                    return path;
                }
            }

            await Task.Delay(Poll);
        }

        Assert.Fail($"{what} was not closed as a complete WAV within {limit.TotalSeconds:F0} s ({state})");
        return null!;
    }

    public static Task<string> WaitUntilCompleteAsync(string path, TimeSpan limit, string what) =>
        WaitUntilCompleteAsync(() => path, limit, what);

    /// <summary>
    /// The header counts the bytes the file holds: RIFF size ≈ file length − 8 and the <c>data</c> chunk ≈ the bytes after
    /// it. "≈" within <see cref="HeaderSlack"/>: liblinphone's writer counts its 44-byte header in the data size.
    /// </summary>
    private static bool HeaderMatches(string path, long length)
    {
        if (length < 44)
        {
            return false;
        }

        Span<byte> head = stackalloc byte[4096];
        int read;
        using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete))
        {
            read = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        }

        head = head[..read];
        if (!head[..4].SequenceEqual("RIFF"u8) || Math.Abs(BinaryPrimitives.ReadUInt32LittleEndian(head[4..]) - (length - 8)) > HeaderSlack)
        {
            return false;
        }

        var offset = 12;
        while (offset + 8 <= head.Length)
        {
            var size = BinaryPrimitives.ReadUInt32LittleEndian(head[(offset + 4)..]);
            if (head.Slice(offset, 4).SequenceEqual("data"u8))
            {
                return Math.Abs(size - (length - offset - 8)) <= HeaderSlack;
            }

            offset += 8 + (int)size + (int)(size & 1);
        }

        return false;
    }
}
