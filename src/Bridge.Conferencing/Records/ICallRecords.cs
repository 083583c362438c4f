namespace Bridge.Conferencing.Records;

/// <summary>The call records kept under <c>Bridge:Data</c>, for the admin API's export. Thread-safe.</summary>
public interface ICallRecords
{
    /// <summary>Records that ended in [<paramref name="from"/>, <paramref name="to"/>), oldest first, at most <paramref name="limit"/>.</summary>
    IReadOnlyList<CallRecord> Query(DateTimeOffset? from, DateTimeOffset? to, int limit);
}
