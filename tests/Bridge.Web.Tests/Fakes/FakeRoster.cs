using Bridge.Conferencing.Roster;

namespace Bridge.Web.Tests.Fakes;

internal sealed class FakeRoster : IRoomRoster
{
    public event EventHandler<RosterChangedEventArgs>? Changed;

    public Dictionary<string, List<RosterEntry>> Rooms { get; } = [];

    public IReadOnlyList<RosterEntry> Get(string room) => Rooms.TryGetValue(room, out var entries) ? entries : [];

    public void Raise(string room) => Changed?.Invoke(this, new RosterChangedEventArgs(room, Get(room)));
}
