using System.Collections.Concurrent;
using Bridge.Conferencing.Members;

namespace Bridge.Web.Tests.Fakes;

/// <summary>Member actions of our own interface: records each request and answers what the test decides (Done by default).</summary>
internal sealed class FakeRoomMembers : IRoomMembers
{
    public ConcurrentQueue<(MemberAction Action, string Room, string Asker, string? Target, string? Name)> Calls { get; } = new();

    public Func<MemberAction, MemberActionResult> Decide { get; set; } = _ => MemberActionResult.Done;

    public Task<MemberActionResult> ActAsync(MemberAction action, string room, string askerId, string? targetId = null, string? name = null)
    {
        Calls.Enqueue((action, room, askerId, targetId, name));
        return Task.FromResult(Decide(action));
    }
}
