namespace Bridge.Media.Codecs;

/// <summary>
/// A stateful encoder (G.722's ADPCM predictors, Opus) whose state can be taken over from another encoder of the same
/// kind and settings, so a listener moving from a shared encode to its own keeps one continuous stream: its decoder
/// was fed by the other encoder, and the next frame continues from exactly that state.
/// </summary>
internal interface IEncoderStateTransfer
{
    /// <summary>Makes this encoder's state a copy of <paramref name="source"/>'s. False when the two are not compatible.</summary>
    bool TryCopyStateFrom(IAudioEncoder source);
}
