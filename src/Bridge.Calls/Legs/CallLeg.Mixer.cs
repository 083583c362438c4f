using Bridge.Media.Mixing;
using Microsoft.Extensions.Logging;

namespace Bridge.Calls.Legs;

/// <summary>
/// The leg's side of the mixer handshake (ARCHITECTURE.md §2: a participant's media is disposed only after its mixer
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
    /// Takes the leg out of its room and back in at a tick boundary with a fresh port, so the mixer re-reads
    /// <see cref="CodecName"/> and creates a new encoder (a codec change by re-INVITE: swap the codec first, then call
    /// this). Keeps the room, hearing, mute and enabled state. Null when the leg is in no room or released.
    /// </summary>
    public MixParticipant? Rejoin()
    {
        lock (_bindingLock)
        {
            if (IsReleased || _binding?.Participant is not { } current)
            {
                return null;
            }

            var binding = new LegBinding(this);
            binding.SetEnabled(_binding.ReceiveEnabled, _binding.SendEnabled);
            var participant = current.Room.Move(current, current.Room, binding, current.HearsRoom);
            participant.Muted = current.Muted;
            participant.Deafened = current.Deafened;
            participant.Gain = current.Gain;
            TrackGone(current);
            binding.Participant = participant;
            _binding = binding;
            return participant;
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

        _rtp.Dispose();
        _srtp?.Dispose();
    }

    private static readonly TimeSpan GoneTimeout = TimeSpan.FromSeconds(5);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Call {CallId}: the mixer did not acknowledge the leave within 5 s; closing media anyway")]
    private partial void LogMixerNoAck(string callId);
}
