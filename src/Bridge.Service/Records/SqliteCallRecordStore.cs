using System.Globalization;
using Bridge.Conferencing.Records;
using Microsoft.Data.Sqlite;

namespace Bridge.Service.Records;

/// <summary>
/// Call records in SQLite (<c>records.db</c> under <c>Bridge:Data</c>, Microsoft.Data.Sqlite). Times are stored as UTC ISO 8601
/// text, so they sort and compare as text. One connection per operation (pooled by the provider); thread-safe.
/// </summary>
internal sealed class SqliteCallRecordStore : ICallRecords
{
    /// <summary>File name under the data directory.</summary>
    public const string FileName = "records.db";

    private const string Columns = "id, room, started_at, ended_at, duration_s, caller, trunk, transport, codec, secure, loss_percent, jitter_ms, rtt_ms, mos, end_reason";
    private readonly string _connectionString;

    /// <summary>Opens (creating when missing) the database in <paramref name="dataDirectory"/>.</summary>
    public SqliteCallRecordStore(string dataDirectory)
    {
        Directory.CreateDirectory(dataDirectory);
        FilePath = Path.Combine(Path.GetFullPath(dataDirectory), FileName);
        _connectionString = new SqliteConnectionStringBuilder { DataSource = FilePath, Mode = SqliteOpenMode.ReadWriteCreate }.ToString();
        using var connection = Open();
        using var create = connection.CreateCommand();
        create.CommandText = """
            CREATE TABLE IF NOT EXISTS call_records (
                id TEXT PRIMARY KEY, room TEXT, started_at TEXT NOT NULL, ended_at TEXT NOT NULL, duration_s REAL NOT NULL,
                caller TEXT NOT NULL, trunk TEXT, transport TEXT NOT NULL, codec TEXT, secure INTEGER NOT NULL,
                loss_percent REAL, jitter_ms REAL, rtt_ms REAL, mos REAL, end_reason TEXT NOT NULL);
            CREATE INDEX IF NOT EXISTS call_records_ended_at ON call_records (ended_at);
            """;
        create.ExecuteNonQuery();
    }

    /// <summary>The database file.</summary>
    public string FilePath { get; }

    /// <summary>Stores one record.</summary>
    public void Add(CallRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        using var connection = Open();
        using var insert = connection.CreateCommand();
        insert.CommandText = $"INSERT OR REPLACE INTO call_records ({Columns}) VALUES ($id, $room, $started, $ended, $duration, $caller, $trunk, $transport, $codec, $secure, $loss, $jitter, $rtt, $mos, $reason)";
        insert.Parameters.AddWithValue("$id", record.Id);
        insert.Parameters.AddWithValue("$room", (object?)record.Room ?? DBNull.Value);
        insert.Parameters.AddWithValue("$started", Time(record.StartedAt));
        insert.Parameters.AddWithValue("$ended", Time(record.EndedAt));
        insert.Parameters.AddWithValue("$duration", record.DurationSeconds);
        insert.Parameters.AddWithValue("$caller", record.Caller);
        insert.Parameters.AddWithValue("$trunk", (object?)record.Trunk ?? DBNull.Value);
        insert.Parameters.AddWithValue("$transport", record.Transport);
        insert.Parameters.AddWithValue("$codec", (object?)record.Codec ?? DBNull.Value);
        insert.Parameters.AddWithValue("$secure", record.Secure ? 1 : 0);
        insert.Parameters.AddWithValue("$loss", (object?)record.LossPercent ?? DBNull.Value);
        insert.Parameters.AddWithValue("$jitter", (object?)record.JitterMs ?? DBNull.Value);
        insert.Parameters.AddWithValue("$rtt", (object?)record.RttMs ?? DBNull.Value);
        insert.Parameters.AddWithValue("$mos", (object?)record.Mos ?? DBNull.Value);
        insert.Parameters.AddWithValue("$reason", record.EndReason);
        insert.ExecuteNonQuery();
    }

    /// <inheritdoc />
    public IReadOnlyList<CallRecord> Query(DateTimeOffset? from, DateTimeOffset? to, int limit)
    {
        using var connection = Open();
        using var select = connection.CreateCommand();
        select.CommandText = $"SELECT {Columns} FROM call_records WHERE ended_at >= $from AND ended_at < $to ORDER BY ended_at, id LIMIT $limit";
        select.Parameters.AddWithValue("$from", from is { } f ? Time(f) : "");
        select.Parameters.AddWithValue("$to", to is { } t ? Time(t) : "~");
        select.Parameters.AddWithValue("$limit", Math.Max(0, limit));
        using var reader = select.ExecuteReader();
        var records = new List<CallRecord>();
        while (reader.Read())
        {
            records.Add(new CallRecord(
                reader.GetString(0),
                reader.IsDBNull(1) ? null : reader.GetString(1),
                ParseTime(reader.GetString(2)),
                ParseTime(reader.GetString(3)),
                reader.GetString(5),
                reader.IsDBNull(6) ? null : reader.GetString(6),
                reader.GetString(7),
                reader.IsDBNull(8) ? null : reader.GetString(8),
                reader.GetInt64(9) != 0,
                Nullable(reader, 10),
                Nullable(reader, 11),
                Nullable(reader, 12),
                Nullable(reader, 13),
                reader.GetString(14)));
        }

        return records;
    }

    /// <summary>Deletes records that ended before <paramref name="cutoff"/>; returns how many.</summary>
    public int DeleteEndedBefore(DateTimeOffset cutoff)
    {
        using var connection = Open();
        using var delete = connection.CreateCommand();
        delete.CommandText = "DELETE FROM call_records WHERE ended_at < $cutoff";
        delete.Parameters.AddWithValue("$cutoff", Time(cutoff));
        return delete.ExecuteNonQuery();
    }

    private static double? Nullable(SqliteDataReader reader, int column) => reader.IsDBNull(column) ? null : reader.GetDouble(column);

    /// <summary>Fixed-width UTC text (seven fraction digits) so that text order is time order.</summary>
    private static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    private static DateTimeOffset ParseTime(string text) =>
        DateTimeOffset.ParseExact(text, "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        return connection;
    }
}
