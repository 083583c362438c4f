namespace Bridge.Media.Mixing;

/// <summary>
/// Whether a listener may be sent a shared encode. A listener's decoder follows the state of the encoder whose frames it
/// gets, so switching between two encoders of a stateful codec is a discontinuity (a click).
/// </summary>
internal enum EncodeSharing
{
    /// <summary>Stateless codec (G.711): share whenever the signal is the same.</summary>
    Free,

    /// <summary>Stateful codec whose state can be copied (G.722, Opus on libopus): share until the listener needs its own
    /// encode, then take over the shared encoder's state and keep its own encoder from then on.</summary>
    HandOver,

    /// <summary>Stateful codec whose state cannot be copied (Opus on Concentus): always the listener's own encoder.</summary>
    Never,
}
