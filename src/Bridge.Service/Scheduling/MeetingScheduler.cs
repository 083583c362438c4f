using Bridge.Calls;
using Bridge.DialPlans;
using Bridge.DialPlans.Scheduling;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Quartz;

namespace Bridge.Service.Scheduling;

/// <summary>
/// Runs the rooms' schedules with Quartz: one job per scheduled room, triggered at its next event
/// (<see cref="MeetingCalendar.NextEvent"/>): five minutes before a meeting window ends the room hears "the conference
/// will end in five minutes", at the end everyone hears "the conference has ended" and is hung up. After each event the
/// room's next one is planned; a dial plan reload plans every room again from the new plan. Admission outside a window
/// is refused by the conference service itself, so a missed trigger never lets anybody in.
/// </summary>
internal sealed partial class MeetingScheduler : IHostedService, IDisposable
{
    private const string Group = "meetings";
    private readonly ISchedulerFactory _factory;
    private readonly DialPlanWatcher _plans;
    private readonly CallManager _calls;
    private readonly TimeProvider _time;
    private readonly ILogger<MeetingScheduler> _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private IScheduler? _scheduler;

    public MeetingScheduler(ISchedulerFactory factory, DialPlanWatcher plans, CallManager calls, TimeProvider time, ILogger<MeetingScheduler> logger)
    {
        _factory = factory;
        _plans = plans;
        _calls = calls;
        _time = time;
        _logger = logger;
    }

    public DateTimeOffset Now => _time.GetUtcNow();

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _scheduler = await _factory.GetScheduler(cancellationToken).ConfigureAwait(false);
        await PlanAllAsync(_plans.Current, cancellationToken).ConfigureAwait(false);
        _plans.Reloaded += OnReloaded;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _plans.Reloaded -= OnReloaded;
        return Task.CompletedTask;
    }

    /// <summary>Does what <paramref name="kind"/> says to the room, then plans its next event after <paramref name="at"/>.</summary>
    internal async ValueTask FireAsync(string number, MeetingEventKind kind, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var conference = _calls.Conference;
        if (kind == MeetingEventKind.EndingSoon)
        {
            LogEndingSoon(number, conference.AnnounceEndingSoon(number));
        }
        else
        {
            LogEnd(number, conference.EndConference(number));
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_plans.Current.TryGetRoom(number, out var room))
            {
                await PlanRoomAsync(room, at, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    private void OnReloaded(object? sender, DialPlanReloadedEventArgs e) => _ = ReplanAsync(e.Plan);

    private async Task ReplanAsync(DialPlan plan)
    {
        try
        {
            await PlanAllAsync(plan, CancellationToken.None).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // a failed re-plan is logged; admission still follows the schedule
        catch (Exception ex)
#pragma warning restore CA1031
        {
            LogPlanFailed(ex);
        }
    }

    private async Task PlanAllAsync(DialPlan plan, CancellationToken cancellationToken)
    {
        var scheduler = _scheduler ?? throw new InvalidOperationException("not started");
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await scheduler.DeleteJobs(GroupMatcher<JobKey>.GroupEquals(Group), cancellationToken).ConfigureAwait(false);
            var now = Now;
            var planned = 0;
            foreach (var room in plan.Rooms)
            {
                if (room.Schedule.Count > 0 && await PlanRoomAsync(room, now, cancellationToken).ConfigureAwait(false))
                {
                    planned++;
                }
            }

            LogPlanned(planned);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Schedules the room's first event after <paramref name="after"/>, replacing any planned one; false when there is none.</summary>
    private async ValueTask<bool> PlanRoomAsync(RoomConfig room, DateTimeOffset after, CancellationToken cancellationToken)
    {
        var scheduler = _scheduler!;
        var key = new JobKey(room.Number, Group);
        if (MeetingCalendar.NextEvent(room, after) is not { } next)
        {
            await scheduler.DeleteJob(key, cancellationToken).ConfigureAwait(false);
            return false;
        }

        var job = JobBuilder.Create<MeetingJob>()
            .WithIdentity(key)
            .UsingJobData(MeetingJob.RoomKey, room.Number)
            .UsingJobData(MeetingJob.KindKey, next.Kind.ToString())
            .Build();
        var trigger = TriggerBuilder.Create(_time)
            .WithIdentity(room.Number, Group)
            .StartAt(next.At)
            .Build();
        await scheduler.ScheduleJob(job, trigger, new ScheduleJobOptions { Replace = true }, cancellationToken).ConfigureAwait(false);
        LogNext(room.Number, next.Kind, next.At);
        return true;
    }

    public void Dispose() => _gate.Dispose();

    [LoggerMessage(Level = LogLevel.Information, Message = "Schedules: {Count} room(s) with a next meeting event planned")]
    private partial void LogPlanned(int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "Room {Room}: next scheduled event {Kind} at {At:u}")]
    private partial void LogNext(string room, MeetingEventKind kind, DateTimeOffset at);

    [LoggerMessage(Level = LogLevel.Information, Message = "Room {Room}: the scheduled meeting ends in five minutes (announced: {Announced})")]
    private partial void LogEndingSoon(string room, bool announced);

    [LoggerMessage(Level = LogLevel.Information, Message = "Room {Room}: the scheduled meeting is over (conference ended: {Ended})")]
    private partial void LogEnd(string room, bool ended);

    [LoggerMessage(Level = LogLevel.Error, Message = "Planning the rooms' schedules failed")]
    private partial void LogPlanFailed(Exception exception);
}
