using Bridge.DialPlans.Scheduling;
using Quartz;

namespace Bridge.Service.Scheduling;

/// <summary>The Quartz job of one scheduled room's next event; <see cref="MeetingScheduler"/> does the work and plans the next one.</summary>
internal sealed class MeetingJob(MeetingScheduler scheduler) : IJob
{
    public const string RoomKey = "room";
    public const string KindKey = "kind";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var data = context.MergedJobDataMap;
        if (data.TryGetValue(RoomKey, out var room) && room is string number &&
            data.TryGetValue(KindKey, out var kind) && Enum.TryParse<MeetingEventKind>(kind as string, out var what))
        {
            await scheduler.FireAsync(number, what, context.ScheduledFireTimeUtc ?? scheduler.Now, cancellationToken).ConfigureAwait(false);
        }
    }
}
