using System.Diagnostics;
using System.Globalization;

namespace Bridge.Interop.Tests.Infrastructure;

/// <summary>
/// A TCP connection to <c>127.0.0.1:port</c> inside a network namespace, for the test process (which lives outside it):
/// <c>ip netns exec NS bash</c> opens the connection with bash's <c>/dev/tcp</c> and copies it to and from its standard
/// input and output, which the test reads and writes as one stream. Needs no package beyond bash and iproute2.
/// </summary>
public sealed class NamespaceRelay : Stream
{
    private readonly Process _process;
    private readonly Stream _read;
    private readonly Stream _write;

    private NamespaceRelay(Process process)
    {
        _process = process;
        _read = process.StandardOutput.BaseStream;
        _write = process.StandardInput.BaseStream;
    }

    /// <summary>Connects, retrying while nothing listens yet; null when <paramref name="limit"/> passes.</summary>
    public static async Task<NamespaceRelay?> ConnectAsync(string space, int port, TimeSpan limit)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < limit)
        {
            var info = new ProcessStartInfo("ip") { UseShellExecute = false, RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var argument in new[] { "netns", "exec", space, "bash", "-c",
                         $"exec 3<>/dev/tcp/127.0.0.1/{port.ToString(CultureInfo.InvariantCulture)} || exit 1; printf R; cat <&3 & exec cat >&3" })
            {
                info.ArgumentList.Add(argument);
            }

            var process = Process.Start(info)!;
            _ = process.StandardError.ReadToEndAsync();
            var first = new byte[1];
            var read = await process.StandardOutput.BaseStream.ReadAsync(first);
            if (read == 1 && first[0] == (byte)'R')
            {
                return new NamespaceRelay(process);
            }

            await process.WaitForExitAsync();
            process.Dispose();
            await Task.Delay(200);
        }

        return null;
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => _read.Read(buffer, offset, count);

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => _read.ReadAsync(buffer, cancellationToken);

    public override void Write(byte[] buffer, int offset, int count)
    {
        _write.Write(buffer, offset, count);
        _write.Flush();
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        await _write.WriteAsync(buffer, cancellationToken);
        await _write.FlushAsync(cancellationToken);
    }

    public override void Flush() => _write.Flush();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }

            _process.Dispose();
        }

        base.Dispose(disposing);
    }
}
