namespace Bridge.Media.Codecs;

/// <summary>Which Opus implementation the bridge uses (<see cref="AudioCodecs.UseOpus"/>).</summary>
public enum OpusLibrary
{
    /// <summary>The system's libopus when it loads, Concentus otherwise.</summary>
    Auto,

    /// <summary>The system's libopus (Debian <c>libopus0</c>); starting fails without it.</summary>
    Native,

    /// <summary>Concentus, the managed port: runs everywhere, slower, allocates per frame.</summary>
    Managed,
}
