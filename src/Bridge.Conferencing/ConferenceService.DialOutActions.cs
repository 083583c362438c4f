using System.Net;
using Bridge.Conferencing.DialOut;

namespace Bridge.Conferencing;

/// <summary>
/// Dial-out from the page's moderator and from the admin API (<see cref="IDialOutActions"/>): the asker is checked on the
/// conference queue (a page's asker must be an admitted moderator of the room; the API's room must be configured), then
/// the request takes the phone's path through <see cref="StartDialOut"/>.
/// </summary>
public sealed partial class ConferenceService : IDialOutActions
{
    /// <inheritdoc />
    public Task<DialOutTicket> DialForMemberAsync(string room, string askerId, string number, IPAddress address, Action<DialOutStatus> changed)
    {
        ArgumentNullException.ThrowIfNull(room);
        ArgumentNullException.ThrowIfNull(askerId);
        ArgumentNullException.ThrowIfNull(address);
        return OnQueueAsync(() =>
        {
            var role = _rooms.TryGetValue(room, out var open) ? open.AdmittedRoleOf(askerId) : null;
            if (role is null)
            {
                return new DialOutTicket(DialOutStart.RoomNotFound);
            }

            if (role != ConferenceRole.Moderator)
            {
                return new DialOutTicket(DialOutStart.NotModerator);
            }

            var asker = new DialOutAsker(askerId, address.ToString(), BrowserUser, "Browser " + askerId);
            var result = StartDialOut(asker, room, number ?? string.Empty, null, changed, out var status);
            return new DialOutTicket(result, status);
        });
    }

    /// <inheritdoc />
    public Task<DialOutTicket> DialForAdminAsync(string room, string number, IPAddress address, string actor)
    {
        ArgumentNullException.ThrowIfNull(room);
        ArgumentNullException.ThrowIfNull(address);
        ArgumentNullException.ThrowIfNull(actor);
        return OnQueueAsync(() =>
        {
            if (!DialPlans.Current.TryGetRoom(room, out _))
            {
                return new DialOutTicket(DialOutStart.RoomNotFound);
            }

            var asker = new DialOutAsker("api:" + room, address.ToString(), "api:" + actor, "API token " + actor);
            var result = StartDialOut(asker, room, number ?? string.Empty, null, null, out var status);
            return new DialOutTicket(result, status);
        });
    }

    /// <inheritdoc />
    public DialOutStatus? GetDialOut(string room, string id)
    {
        ArgumentNullException.ThrowIfNull(room);
        ArgumentNullException.ThrowIfNull(id);
        return _dialOuts.Get(room, id);
    }

    private Task<T> OnQueueAsync<T>(Func<T> run)
    {
        var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        Post(() =>
        {
            try
            {
                done.TrySetResult(run());
            }
#pragma warning disable CA1031 // the asker (page or API) gets the failure; the control loop goes on
            catch (Exception ex)
#pragma warning restore CA1031
            {
                done.TrySetException(ex);
            }
        });
        return done.Task;
    }
}
