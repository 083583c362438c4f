using System.Buffers;
using System.Threading.Channels;
using Bridge.Media.Resampling;
using NAudio.Wave;

namespace Bridge.Media.Mixing;

/// <summary>
/// Records a room's mix to a 16 kHz 16-bit mono WAV file. The mixer thread only copies each frame into a
/// pooled buffer and queues it; a background task does the file I/O.
/// </summary>
internal sealed class RoomRecorder
{
    private const int FileRate = 16000;
    private readonly Channel<(short[] Buffer, int Length)> _frames =
        Channel.CreateUnbounded<(short[] Buffer, int Length)>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });

    private readonly Resampler _from48 = new(48000, FileRate);
    private readonly Resampler _from8 = new(8000, FileRate);
    private readonly WaveFileWriter _writer;
    private readonly Task _writing;

    internal RoomRecorder(string path)
    {
        Path = path;
        _writer = new WaveFileWriter(path, new WaveFormat(FileRate, 16, 1));
        _writing = Task.Run(WriteLoopAsync);
    }

    internal string Path { get; }

    /// <summary>Queues one mix frame (mixer thread).</summary>
    internal void Write(ReadOnlySpan<short> mix, int sampleRate)
    {
        short[] buffer = ArrayPool<short>.Shared.Rent(AudioFrame.MaxFrameSamples);
        int length = sampleRate switch
        {
            48000 => _from48.Process(mix, buffer),
            8000 => _from8.Process(mix, buffer),
            _ => Copy(mix, buffer),
        };

        if (length < 0 || !_frames.Writer.TryWrite((buffer, length)))
        {
            ArrayPool<short>.Shared.Return(buffer);
        }
    }

    /// <summary>Finishes the file: everything queued so far is written, then the header is completed.</summary>
    internal async Task CompleteAsync()
    {
        _frames.Writer.TryComplete();
        await _writing.ConfigureAwait(false);
    }

    private static int Copy(ReadOnlySpan<short> mix, short[] buffer)
    {
        mix.CopyTo(buffer);
        return mix.Length;
    }

    private async Task WriteLoopAsync()
    {
        byte[] bytes = new byte[AudioFrame.MaxFrameSamples * 2];
        try
        {
            await foreach ((short[] buffer, int length) in _frames.Reader.ReadAllAsync().ConfigureAwait(false))
            {
                Buffer.BlockCopy(buffer, 0, bytes, 0, length * 2);
                ArrayPool<short>.Shared.Return(buffer);
                _writer.Write(bytes, 0, length * 2);
            }
        }
        finally
        {
            await _writer.DisposeAsync().ConfigureAwait(false);
        }
    }
}
