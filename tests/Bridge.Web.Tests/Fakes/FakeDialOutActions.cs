using System.Collections.Concurrent;
using System.Net;
using Bridge.Conferencing;
using Bridge.Conferencing.DialOut;

namespace Bridge.Web.Tests.Fakes;

/// <summary>Dial-out of our own interface: records each request; <see cref="Decide"/> (by room and number) answers;
/// a started call gets id <c>d1</c>, <c>d2</c>, … and state calling, which the test may change in <see cref="Calls"/>.</summary>
internal sealed class FakeDialOutActions : IDialOutActions
{
    private int _next;

    public ConcurrentQueue<(string Room, string Asker, string Number, IPAddress Address)> Requests { get; } = new();

    public ConcurrentDictionary<string, DialOutStatus> Calls { get; } = new();

    public ConcurrentDictionary<string, Action<DialOutStatus>> Listeners { get; } = new();

    public Func<string, string, DialOutStart> Decide { get; set; } = (room, number) =>
        !DialOutNumber.IsWellFormed(number) ? DialOutStart.Malformed
        : room == "4711" ? (number.StartsWith("09", StringComparison.Ordinal) ? DialOutStart.NotAllowed : DialOutStart.Started)
        : DialOutStart.RoomNotFound;

    public Task<DialOutTicket> DialForMemberAsync(string room, string askerId, string number, IPAddress address, Action<DialOutStatus> changed)
    {
        var ticket = Dial(room, askerId, number, address);
        if (ticket.Status is { } status)
        {
            Listeners[status.Id] = changed;
        }

        return Task.FromResult(ticket);
    }

    public Task<DialOutTicket> DialForAdminAsync(string room, string number, IPAddress address, string actor) =>
        Task.FromResult(Dial(room, "api:" + actor, number, address));

    public DialOutStatus? GetDialOut(string room, string id) =>
        Calls.TryGetValue(id, out var status) && status.Room == room ? status : null;

    /// <summary>Moves call <paramref name="id"/> to <paramref name="state"/> and tells its page listener, if any.</summary>
    public void Set(string id, DialOutState state)
    {
        var status = Calls[id] = Calls[id] with { State = state };
        if (Listeners.TryGetValue(id, out var listener))
        {
            listener(status);
        }
    }

    private DialOutTicket Dial(string room, string asker, string number, IPAddress address)
    {
        Requests.Enqueue((room, asker, number, address));
        var result = Decide(room, number);
        if (result != DialOutStart.Started)
        {
            return new DialOutTicket(result);
        }

        var id = "d" + Interlocked.Increment(ref _next).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var status = new DialOutStatus(id, room, CallerSource.Mask(number), DialOutState.Calling, new DateTimeOffset(2026, 12, 6, 8, 0, 0, TimeSpan.Zero));
        Calls[id] = status;
        return new DialOutTicket(result, status);
    }
}
