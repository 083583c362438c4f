using Bridge.Media.Mixing;
using Microsoft.Extensions.Logging;

namespace Bridge.Calls.Legs;

/// <summary>
/// The leg's side of the mixer handshake (docs/architecture.md §3: a participant's media is disposed only after its mixer
/// acknowledged its leave), and tick-boundary controls for hold and codec changes.
/// </summary>
internal sealed partial class CallLeg
{
    /// <summary>
    /// Hold (RFC 3264 §8.4) without leaving the room: <paramref name="receive"/> false takes the caller's audio out of the
    /// mix (the mixer reads nothing from it), <paramref name="send"/> false stops sending the room to it. Takes effect at
    /// the next tick.
    /// </summary>
    public void SetMixEnabled(bool receive, bool send)
    {
        lock (_bindingLock)
        {
            _binding?.SetEnabled(receive, send);
        }
    }

    /// <summary>
    /// A codec change (re-INVITE): takes the leg out of its room, waits until the mixer acknowledged it (no tick reads or
    /// sends for it any more), runs <paramref name="swap"/> (replace the codec, decoder, payload types), and puts the leg
    /// back into the same room with a fresh port, so the mixer creates the new codec's encoder. Keeps hearing, mute,
    /// deafness, gain and the hold state; the caller misses one or two 20 ms frames. Null when the leg is in no room, was
    /// released, or was moved elsewhere meanwhile (then <paramref name="swap"/> has still run).
    /// </summary>
    public async Task<MixParticipant?> SwapCodecAsync(Action swap)
    {
        ArgumentNullException.ThrowIfNull(swap);
        MixParticipant current;
        bool receive;
        bool send;
        lock (_bindingLock)
        {
            if (IsReleased || _binding?.Participant is not { } participant)
            {
                return null;
            }

            current = participant;
            receive = _binding.ReceiveEnabled;
            send = _binding.SendEnabled;
            current.Room.Leave(current);
            TrackGone(current);
        }

        await current.Gone.ConfigureAwait(false);
        swap();
        lock (_bindingLock)
        {
            if (IsReleased || !ReferenceEquals(_binding?.Participant, current))
            {
                return null;
            }

            var binding = new LegBinding(this);
            binding.SetEnabled(receive, send);
            var next = current.Room.Join(binding, current.HearsRoom);
            next.Muted = current.Muted;
            next.Deafened = current.Deafened;
            next.Gain = current.Gain;
            binding.Participant = next;
            _binding = binding;
            return next;
        }
    }

    /// <summary>Remembers a participant of this leg that has not been acknowledged gone yet. Under _bindingLock.</summary>
    private void TrackGone(MixParticipant participant)
    {
        _gone.RemoveAll(static t => t.IsCompleted);
        _gone.Add(participant.Gone);
    }

    private async Task DisposeMediaAfterAsync(Task gone)
    {
        try
        {
            await gone.WaitAsync(GoneTimeout).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // A stopped engine acknowledges everything; only a hung mixer lands here. Release the ports anyway.
            LogMixerNoAck(Id);
        }

        LogMediaSummary();
        await _rtp.DisposeWhenReceiveStoppedAsync().ConfigureAwait(false); // no pool thread waits for the receive thread
        _srtp?.Dispose();
        _dtls?.Dispose();
    }

    private static readonly TimeSpan GoneTimeout = TimeSpan.FromSeconds(5);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Call {CallId}: the mixer did not acknowledge the leave within 5 s; closing media anyway")]
    private partial void LogMixerNoAck(string callId);
}
