namespace Bridge.Media.Mixing;

/// <summary>
/// Keeping each listener's stream continuous across shared and own encodes (Asterisk softmix shares encodes among
/// listeners who are not talking; with a stateful codec the switch would jump between two encoder states: a click).
/// G.711 is stateless and shares freely. G.722 and Opus on libopus share until a listener first needs its own encode;
/// then, before the shared encoder runs this tick, the listener's encoder takes over the state that produced the frames
/// its decoder has, and the listener keeps its own encoder from then on. Opus on Concentus (state not copyable) never shares.
/// A private prompt alone (the participant count every caller hears on joining) does not make a listener keep its own
/// encoder: once the prompt ends it goes back to the shared encode, one switch of encoder state for its decoder, as a move
/// between rooms already is. Otherwise every caller of a PIN room would encode alone for the whole call (500 Opus listeners:
/// 500 encodes a tick in place of one).
/// </summary>
public sealed partial class MixRoom
{
    /// <summary>Whether <paramref name="p"/> is sent a shared encode this tick.</summary>
    private static bool UsesShared(MixParticipant p, bool hears, bool privatePrompt)
    {
        bool sameAsGroup = !privatePrompt && (!hears || !p.Contributes);
        return p.Sharing switch
        {
            EncodeSharing.Free => sameAsGroup,
            EncodeSharing.HandOver => sameAsGroup && !p.OwnsStream && (p.LastGroup is null || p.LastGroup == (hears ? p.MixGroup : p.SilenceGroup)),
            _ => false,
        };
    }

    /// <summary>
    /// Before any shared encode of this tick: every hand-over listener leaving its shared encode (to its own, or to the
    /// other group) copies the state of the encoder it was fed by last tick into its own encoder.
    /// </summary>
    private void TakeOverSharedStates(int rate)
    {
        for (int i = 0; i < _count; i++)
        {
            MixParticipant p = _members[i];
            if (p.Sharing != EncodeSharing.HandOver || p.OwnsStream || p.LastGroup is not { } last)
            {
                continue;
            }

            bool hears = p.HearsRoom && !p.Deafened;
            if (UsesShared(p, hears, p.Prompts.HasWork))
            {
                continue;
            }

            if (p.Encoder is Codecs.IEncoderStateTransfer transfer)
            {
                transfer.TryCopyStateFrom(last.Encoder);
            }

            // The resampler too (a G.722 listener in a 48 kHz room), so Send must not reset it this tick.
            if (p.FromRoom.For(rate) is { } own && last.FromRoom(rate) is { } shared)
            {
                own.CopyStateFrom(shared);
            }

            p.OwnEncodeLastTick = true;
            p.OwnsStream = !OwnForPromptOnly(p, hears); // a prompt alone: back to the shared encode after it
        }
    }

    /// <summary>Whether <paramref name="p"/> needs its own encode only for a private prompt (it would share without it).</summary>
    private static bool OwnForPromptOnly(MixParticipant p, bool hears) => p.Prompts.HasWork && (!hears || !p.Contributes);
}
