using Bridge.Conferencing.Records;

namespace Bridge.Web.Tests.Fakes;

internal sealed class FakeCallRecords : ICallRecords
{
    public List<CallRecord> Records { get; } = [];

    public IReadOnlyList<CallRecord> Query(DateTimeOffset? from, DateTimeOffset? to, int limit) =>
        [.. Records.Where(r => (from is null || r.EndedAt >= from) && (to is null || r.EndedAt < to)).OrderBy(r => r.EndedAt).Take(limit)];
}
