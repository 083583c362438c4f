using Quartz;

namespace Bridge.Service.Records;

/// <summary>The Quartz job that deletes call records past <c>Bridge:Records:RetentionDays</c>; scheduled hourly and at start.</summary>
[DisallowConcurrentExecution]
internal sealed class RecordsPurgeJob(CallRecordKeeper keeper) : IJob
{
    /// <summary>The job's key.</summary>
    public static readonly JobKey Key = new("records-purge", "bridge");

    public ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        keeper.PurgeExpired();
        return ValueTask.CompletedTask;
    }
}
