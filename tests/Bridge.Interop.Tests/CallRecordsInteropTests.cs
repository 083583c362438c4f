using Bridge.Interop.Tests.Infrastructure;
using Bridge.TestKit.Audio;
using Microsoft.Data.Sqlite;

namespace Bridge.Interop.Tests;

/// <summary>
/// Issue 13: a real phone's call leaves a record in the published bridge's SQLite file, with the masked caller, transport,
/// codec, quality and end reason, and nothing that names the caller in full.
/// </summary>
public sealed class CallRecordsInteropTests
{
    private const int SipPort = 15240;

    [Fact]
    public async Task Baresip_call_to_the_echo_test_leaves_a_masked_record()
    {
        await using var bridge = await BridgeProcess.StartAsync(SipPort, 45200, 45299, ["--Bridge:Records:RetentionDays=30"]);
        var source = Path.Combine(Directory.CreateTempSubdirectory("tone-").FullName, "tone1000.wav");
        WavFiles.Write(source, TestTones.Sine(1000, 8000, 8000 * 30), 8000);
        const int phonePort = 15242; // the phone's From user is phone15242
        await using (var phone = await Baresip.StartAsync(phonePort, 4482, 24900, source, ";audio_codecs=PCMU/8000/1"))
        {
            await phone.DialAsync($"sip:echo@127.0.0.1:{SipPort}");
            Assert.True(await phone.WaitForEventAsync("CALL_ESTABLISHED", TimeSpan.FromSeconds(15)), "call not established: " + string.Join('\n', phone.Events));
            await Task.Delay(TimeSpan.FromSeconds(3)); // media flows both ways, so the record has quality figures
            await phone.HangupAsync();
            Assert.True(await phone.WaitForEventAsync("CALL_CLOSED", TimeSpan.FromSeconds(10)));
        }

        var database = Path.Combine(bridge.DataDirectory, "records.db");
        var row = await WaitForRecordAsync(database, TimeSpan.FromSeconds(10));
        Assert.True(row is not null, "no call record in " + database + "\n" + bridge.ReadLog());
        Assert.Equal("***242", row["caller"]);
        Assert.Equal("UDP", row["transport"]);
        Assert.Equal("PCMU", row["codec"]);
        Assert.Equal(0L, row["secure"]);
        Assert.Equal("remote_bye", row["end_reason"]);
        Assert.Equal(DBNull.Value, row["room"]); // the echo test is no room
        Assert.InRange((double)row["duration_s"], 3, 30);
        Assert.InRange((double)row["loss_percent"], 0, 1); // loopback: nothing lost
        Assert.InRange((double)row["mos"], 4.0, 4.5);
        Assert.InRange((double)row["jitter_ms"], 0, 50);

        SqliteConnection.ClearAllPools();
        var bytes = await File.ReadAllBytesAsync(database);
        Assert.DoesNotContain("phone15242", System.Text.Encoding.UTF8.GetString(bytes), StringComparison.Ordinal);
        Assert.DoesNotContain("127.0.0.1", System.Text.Encoding.UTF8.GetString(bytes), StringComparison.Ordinal);
    }

    private static async Task<Dictionary<string, object>?> WaitForRecordAsync(string database, TimeSpan limit)
    {
        var deadline = DateTime.UtcNow + limit;
        while (DateTime.UtcNow < deadline)
        {
            if (File.Exists(database))
            {
                await using var connection = new SqliteConnection($"Data Source={database};Mode=ReadOnly;Pooling=False");
                await connection.OpenAsync();
                await using var select = connection.CreateCommand();
                select.CommandText = "SELECT * FROM call_records";
                await using var reader = await select.ExecuteReaderAsync();
                if (await reader.ReadAsync())
                {
                    var row = new Dictionary<string, object>(StringComparer.Ordinal);
                    for (var i = 0; i < reader.FieldCount; i++)
                    {
                        row[reader.GetName(i)] = reader.GetValue(i);
                    }

                    Assert.False(await reader.ReadAsync(), "more than one record for one call");
                    return row;
                }
            }

            await Task.Delay(100);
        }

        return null;
    }
}
