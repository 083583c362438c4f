using System.Collections.Concurrent;
using Bridge.Conferencing.Admin;

namespace Bridge.Web.Tests.Fakes;

/// <summary>Rooms the test sets, and every action the API asked for.</summary>
internal sealed class FakeConferenceAdmin : IConferenceAdmin
{
    public List<AdminRoom> Rooms { get; } = [];

    public HashSet<string> Participants { get; } = [];

    public ConcurrentQueue<string> Actions { get; } = new();

    public IReadOnlyList<AdminRoom> GetRooms() => [.. Rooms];

    public Task<AdminResult> SetMutedAsync(string room, string participantId, bool muted) => Act($"{(muted ? "mute" : "unmute")} {room} {participantId}", room, participantId);

    public Task<AdminResult> RemoveAsync(string room, string participantId) => Act($"remove {room} {participantId}", room, participantId);

    public Task<AdminResult> SetLockedAsync(string room, bool locked) => Act($"{(locked ? "lock" : "unlock")} {room}", room, null);

    public Task<AdminResult> EndAsync(string room) => Act($"end {room}", room, null);

    private Task<AdminResult> Act(string what, string room, string? participant)
    {
        if (!Rooms.Exists(r => r.Number == room && r.Open))
        {
            return Task.FromResult(AdminResult.RoomNotFound);
        }

        if (participant is not null && !Participants.Contains(participant))
        {
            return Task.FromResult(AdminResult.ParticipantNotFound);
        }

        Actions.Enqueue(what);
        return Task.FromResult(AdminResult.Done);
    }
}
