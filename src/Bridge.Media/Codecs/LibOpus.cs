using System.Runtime.InteropServices;

namespace Bridge.Media.Codecs;

/// <summary>
/// The system's libopus (Debian/Ubuntu <c>libopus0</c>: <c>libopus.so.0</c>; Windows: <c>opus.dll</c>), called directly.
/// Against Concentus it is three times faster and allocates nothing per frame (Concentus allocates 26–160 KB per
/// frame), so the bridge prefers it when it loads (<see cref="AudioCodecs.UseOpus"/>). The ctl calls are C varargs
/// functions called with one int argument, which the x86-64 and Windows calling conventions pass like a fixed one.
/// </summary>
internal static unsafe partial class LibOpus
{
    public const int ApplicationVoip = 2048;
    public const int SetBitrateRequest = 4002;
    public const int SetComplexityRequest = 4010;
    public const int SetInbandFecRequest = 4012;
    public const int SetPacketLossPercRequest = 4014;
    public const int SetSignalRequest = 4024;
    public const int SignalVoice = 3001;

    private const string Library = "opus";

    // An explicit static constructor runs before any member is used, the imports below included: the resolver that
    // maps "opus" to the loaded library is in place before the first call, whichever class makes it.
    static LibOpus() => Version = Load();

    /// <summary>The library's version string (e.g. "libopus 1.3.1"), or null when no libopus loads.</summary>
    public static string? Version { get; }

    public static bool IsAvailable => Version is not null;

    private static string? Load()
    {
        string[] candidates = OperatingSystem.IsWindows() ? ["opus.dll", "libopus-0.dll"] : ["libopus.so.0", "libopus.so"];
        foreach (var candidate in candidates)
        {
            if (NativeLibrary.TryLoad(candidate, out var handle))
            {
                NativeLibrary.SetDllImportResolver(typeof(LibOpus).Assembly, (name, _, _) => name == Library ? handle : IntPtr.Zero);
                return Marshal.PtrToStringUTF8(opus_get_version_string());
            }
        }

        return null;
    }

    [LibraryImport(Library)]
    internal static partial IntPtr opus_get_version_string();

    [LibraryImport(Library)]
    internal static partial IntPtr opus_encoder_create(int fs, int channels, int application, out int error);

    [LibraryImport(Library)]
    internal static partial int opus_encoder_ctl(IntPtr encoder, int request, int value);

    [LibraryImport(Library)]
    internal static partial int opus_encode(IntPtr encoder, short* pcm, int frameSize, byte* data, int maxDataBytes);

    [LibraryImport(Library)]
    internal static partial void opus_encoder_destroy(IntPtr encoder);

    [LibraryImport(Library)]
    internal static partial int opus_encoder_get_size(int channels);

    [LibraryImport(Library)]
    internal static partial IntPtr opus_decoder_create(int fs, int channels, out int error);

    [LibraryImport(Library)]
    internal static partial int opus_decode(IntPtr decoder, byte* data, int length, short* pcm, int frameSize, int decodeFec);

    [LibraryImport(Library)]
    internal static partial void opus_decoder_destroy(IntPtr decoder);
}
