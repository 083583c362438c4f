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

    [Fact]
    public async Task Loss_on_the_callers_path_shows_in_its_record_and_lowers_the_MOS()
    {
        await using var bridge = await BridgeProcess.StartAsync(15244, 45300, 45399);
        var work = Directory.CreateTempSubdirectory("loss-").FullName;
        var clean = Path.Combine(work, "clean.pcap");
        var lossy = Path.Combine(work, "lossy.pcap");
        BridgeFixture.WritePcmuTone(clean, 1000, TimeSpan.FromSeconds(2));
        // 5 % random-looking loss, none at the ends (A.3 counts from the first to the highest sequence number).
        int[] dropped = [7, 23, 38, 56, 81];
        BridgeFixture.WritePcmuTone(lossy, 1000, TimeSpan.FromSeconds(2), lost: i => dropped.Contains(i));

        var database = Path.Combine(bridge.DataDirectory, "records.db");
        var cleanRow = await CallAndReadAsync(clean, database, 1);
        var lossyRow = await CallAndReadAsync(lossy, database, 2);

        Assert.Equal(0.0, (double)cleanRow["loss_percent"]);
        Assert.InRange((double)lossyRow["loss_percent"], 4.9, 5.1); // 5 of 100
        Assert.Equal("***ipp", lossyRow["caller"]); // sipp's From user, masked
        var cleanMos = (double)cleanRow["mos"];
        var lossyMos = (double)lossyRow["mos"];
        Assert.True(cleanMos >= 4.2, $"clean call MOS {cleanMos}");
        Assert.True(lossyMos < 4.0 && lossyMos < cleanMos - 0.3, $"5 % loss: MOS {lossyMos}, clean {cleanMos}");

        async Task<Dictionary<string, object>> CallAndReadAsync(string pcap, string file, int count)
        {
            var run = await Sipp.RunAsync("uac_pcmu_call.xml", $"127.0.0.1:15244", "echo", calls: 1, rate: 1, limit: 1, TimeSpan.FromSeconds(30),
                new Dictionary<string, string> { ["[pcap]"] = pcap });
            Assert.True(run.ExitCode == 0, "sipp call failed:\n" + run.Output);
            var rows = await WaitForRecordsAsync(file, count, TimeSpan.FromSeconds(10));
            Assert.True(rows.Count == count, $"{rows.Count} records, expected {count}\n" + bridge.ReadLog());
            return rows[^1];
        }
    }

    private static async Task<Dictionary<string, object>?> WaitForRecordAsync(string database, TimeSpan limit)
    {
        var rows = await WaitForRecordsAsync(database, 1, limit);
        Assert.True(rows.Count <= 1, "more than one record for one call");
        return rows.Count == 1 ? rows[0] : null;
    }

    private static async Task<List<Dictionary<string, object>>> WaitForRecordsAsync(string database, int count, TimeSpan limit)
    {
        var rows = new List<Dictionary<string, object>>();
        var deadline = DateTime.UtcNow + limit;
        while (DateTime.UtcNow < deadline)
        {
            rows.Clear();
            if (File.Exists(database))
            {
                await using var connection = new SqliteConnection($"Data Source={database};Mode=ReadOnly;Pooling=False");
                await connection.OpenAsync();
                await using var select = connection.CreateCommand();
                select.CommandText = "SELECT * FROM call_records ORDER BY ended_at";
                await using var reader = await select.ExecuteReaderAsync();
                while (await reader.ReadAsync())
                {
                    var row = new Dictionary<string, object>(StringComparer.Ordinal);
                    for (var i = 0; i < reader.FieldCount; i++)
                    {
                        row[reader.GetName(i)] = reader.GetValue(i);
                    }

                    rows.Add(row);
                }
            }

            if (rows.Count >= count)
            {
                return rows;
            }

            await Task.Delay(100);
        }

        return rows;
    }
}
