using System.Threading.Channels;
using Bridge.Conferencing.Records;
using Microsoft.Extensions.Logging;

namespace Bridge.Service.Records;

/// <summary>
/// Keeps call records for <c>Bridge:Records:RetentionDays</c> (issue 13): records handed in from any thread go through a
/// queue with one consumer that writes them to SQLite (the thread that ended a call never waits for the disk), and
/// <see cref="PurgeExpired"/> deletes those older than the retention. A retention of 0 keeps none: records are not written and
/// a purge deletes everything. Thread-safe.
/// </summary>
internal sealed partial class CallRecordKeeper : ICallRecords, IAsyncDisposable
{
    private readonly SqliteCallRecordStore _store;
    private readonly TimeProvider _time;
    private readonly ILogger<CallRecordKeeper> _logger;
    private readonly Channel<CallRecord> _pending = Channel.CreateUnbounded<CallRecord>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _writer;

    public CallRecordKeeper(SqliteCallRecordStore store, int retentionDays, TimeProvider time, ILogger<CallRecordKeeper> logger)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(retentionDays);
        _store = store;
        RetentionDays = retentionDays;
        _time = time;
        _logger = logger;
        _writer = Task.Run(WriteAsync);
    }

    /// <summary>Days a record is kept after its call ended; 0 keeps none.</summary>
    public int RetentionDays { get; }

    /// <summary>Queues a record for writing (returns at once).</summary>
    public void Add(CallRecord record)
    {
        if (RetentionDays > 0)
        {
            _pending.Writer.TryWrite(record);
        }
    }

    /// <inheritdoc />
    public IReadOnlyList<CallRecord> Query(DateTimeOffset? from, DateTimeOffset? to, int limit) => _store.Query(from, to, limit);

    /// <summary>Deletes the records whose retention is over (all of them with a retention of 0); returns how many.</summary>
    public int PurgeExpired()
    {
        var cutoff = RetentionDays == 0 ? DateTimeOffset.MaxValue : _time.GetUtcNow() - TimeSpan.FromDays(RetentionDays);
        var deleted = _store.DeleteEndedBefore(cutoff);
        if (deleted > 0)
        {
            LogPurged(deleted, RetentionDays);
        }

        return deleted;
    }

    /// <summary>Completes when every record queued so far is written (tests; the graceful stop).</summary>
    public async ValueTask DisposeAsync()
    {
        _pending.Writer.TryComplete();
        await _writer.ConfigureAwait(false);
    }

    private async Task WriteAsync()
    {
        await foreach (var record in _pending.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            try
            {
                _store.Add(record);
            }
#pragma warning disable CA1031 // a full disk loses a record, not the writer
            catch (Exception ex)
#pragma warning restore CA1031
            {
                LogWriteFailed(ex);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Call records: {Count} past their retention of {Days} days deleted")]
    private partial void LogPurged(int count, int days);

    [LoggerMessage(Level = LogLevel.Error, Message = "Call records: a record could not be written")]
    private partial void LogWriteFailed(Exception exception);
}
