using Bridge.Calls;
using Microsoft.Extensions.Hosting;
using Quartz;

namespace Bridge.Service.Records;

/// <summary>
/// Connects the call records: every ended call's record (<see cref="CallManager.CallEnded"/>) goes to the keeper, and the
/// hourly Quartz job (<see cref="RecordsPurgeJob"/>, first run at start) deletes records past their retention. At stop the
/// records still queued are written.
/// </summary>
internal sealed class CallRecordService(CallManager calls, CallRecordKeeper keeper, ISchedulerFactory schedulers, TimeProvider time) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        calls.CallEnded += keeper.Add;
        var scheduler = await schedulers.GetScheduler(cancellationToken).ConfigureAwait(false);
        var job = JobBuilder.Create<RecordsPurgeJob>().WithIdentity(RecordsPurgeJob.Key).Build();
        var trigger = TriggerBuilder.Create(time)
            .WithIdentity("records-purge", "bridge")
            .StartNow()
            .WithSimpleSchedule(s => s.WithInterval(TimeSpan.FromHours(1)).RepeatForever())
            .Build();
        await scheduler.ScheduleJob(job, trigger, new ScheduleJobOptions { Replace = true }, cancellationToken).ConfigureAwait(false);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        calls.CallEnded -= keeper.Add;
        await keeper.DisposeAsync().ConfigureAwait(false);
    }
}
