using Bridge.Conferencing.Records;
using Bridge.Service.Records;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Bridge.Service.Tests.Records;

/// <summary>Call records in a real SQLite file; retention on a fake clock.</summary>
public sealed class CallRecordKeeperTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);
    private readonly string _data = Path.Combine(Path.GetTempPath(), "bridge-records-" + Guid.NewGuid().ToString("N"));
    private readonly FakeTimeProvider _time = new(T0);

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_data))
        {
            Directory.Delete(_data, recursive: true);
        }
    }

    private static CallRecord Record(string id, DateTimeOffset ended, string? room = "4711") =>
        new(id, room, ended.AddMinutes(-10), ended, "***123", null, "UDP", "PCMA", true, 1.5, 2.25, 12.5, 4.2, "remote_bye");

    [Fact]
    public void StoreKeepsEveryFieldAndOrdersByEnd()
    {
        var store = new SqliteCallRecordStore(_data);
        var late = Record("b", T0.AddHours(2));
        var early = Record("a", T0) with { Room = null, Codec = null, Secure = false, LossPercent = null, JitterMs = null, RttMs = null, Mos = null, EndReason = "cancelled" };
        store.Add(late);
        store.Add(early);

        var all = store.Query(null, null, 10);
        Assert.Equal([early, late], all);
        Assert.Equal(600, all[1].DurationSeconds);
        Assert.Equal([late], store.Query(T0.AddHours(1), null, 10));
        Assert.Equal([early], store.Query(null, T0.AddHours(1), 10));
        Assert.Single(store.Query(null, null, 1));
    }

    [Fact]
    public async Task RecordsArePurgedWhenTheirRetentionIsOver()
    {
        var store = new SqliteCallRecordStore(_data);
        var keeper = new CallRecordKeeper(store, retentionDays: 30, _time, NullLogger<CallRecordKeeper>.Instance);
        keeper.Add(Record("old", T0));
        keeper.Add(Record("new", T0.AddDays(2)));
        await keeper.DisposeAsync(); // every queued record written
        Assert.Equal(2, keeper.Query(null, null, 10).Count);

        var job = new RecordsPurgeJob(keeper);
        _time.Advance(TimeSpan.FromDays(30) - TimeSpan.FromSeconds(1));
        await job.Execute(null!, CancellationToken.None);
        Assert.Equal(2, keeper.Query(null, null, 10).Count);

        _time.Advance(TimeSpan.FromSeconds(2)); // 30 days and 1 s after the first call ended
        await job.Execute(null!, CancellationToken.None);
        Assert.Equal(["new"], keeper.Query(null, null, 10).Select(r => r.Id));

        _time.Advance(TimeSpan.FromDays(2));
        Assert.Equal(1, keeper.PurgeExpired());
        Assert.Empty(keeper.Query(null, null, 10));
    }

    [Fact]
    public async Task RetentionZeroKeepsNone()
    {
        var store = new SqliteCallRecordStore(_data);
        store.Add(Record("before", T0)); // written while an earlier setting kept records
        var keeper = new CallRecordKeeper(store, retentionDays: 0, _time, NullLogger<CallRecordKeeper>.Instance);
        keeper.Add(Record("now", T0));
        await keeper.DisposeAsync();
        Assert.Equal(["before"], store.Query(null, null, 10).Select(r => r.Id));
        Assert.Equal(1, keeper.PurgeExpired());
        Assert.Empty(store.Query(null, null, 10));
    }
}
