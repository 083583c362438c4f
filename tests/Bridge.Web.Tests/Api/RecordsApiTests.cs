using System.Net;
using System.Text.Json;
using Bridge.Conferencing.Records;
using Bridge.Web.Api.Tokens;
using Bridge.Web.Tests.Fakes;

namespace Bridge.Web.Tests.Api;

public sealed class RecordsApiTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);

    private static FakeCallRecords Records()
    {
        var records = new FakeCallRecords();
        records.Records.Add(new CallRecord("r1", "4711", T0, T0.AddMinutes(30), "***123", null, "UDP", "PCMU", false, 0.5, 1.25, 10, 4.3, "remote_bye"));
        records.Records.Add(new CallRecord("r2", "=HYPERLINK(\"x\")", T0.AddDays(1), T0.AddDays(1).AddSeconds(5), "***4,5", null, "TLS", null, true, null, null, null, null, "rejected"));
        return records;
    }

    [Fact]
    public async Task CsvExportQuotesAndNeutralisesFormulas()
    {
        await using var host = await ApiHost.StartAsync(Records());
        using var client = host.Client(host.CreateToken("accounting", ApiScope.Read));
        using var response = await client.GetAsync("/api/v1/records.csv");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var lines = (await response.Content.ReadAsStringAsync()).Split("\r\n");
        Assert.Equal("id,room,started_at,ended_at,duration_s,caller,trunk,transport,codec,secure,loss_percent,jitter_ms,rtt_ms,mos,end_reason", lines[0]);
        Assert.Equal("r1,4711,2026-12-01T09:00:00Z,2026-12-01T09:30:00Z,1800,***123,,UDP,PCMU,false,0.5,1.25,10,4.3,remote_bye", lines[1]);
        Assert.Equal("r2,\"'=HYPERLINK(\"\"x\"\")\",2026-12-02T09:00:00Z,2026-12-02T09:00:05Z,5,\"***4,5\",,TLS,,true,,,,,rejected", lines[2]);
        Assert.Equal("", lines[3]);
        Assert.Equal(4, lines.Length);
    }

    [Fact]
    public async Task JsonWithRangeAndBadInput()
    {
        await using var host = await ApiHost.StartAsync(Records());
        using var client = host.Client(host.CreateToken("accounting", ApiScope.Read));
        using var json = JsonDocument.Parse(await client.GetStringAsync("/api/v1/records?from=2026-12-02T00:00:00Z"));
        var only = Assert.Single(json.RootElement.GetProperty("records").EnumerateArray());
        Assert.Equal("r2", only.GetProperty("id").GetString());
        Assert.Equal(5, only.GetProperty("durationSeconds").GetDouble());

        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/api/v1/records?from=yesterday")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/api/v1/records.csv?limit=0")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await host.Client().GetAsync("/api/v1/records.csv")).StatusCode);
    }

    [Fact]
    public async Task NoRecordsKeptIs404()
    {
        await using var host = await ApiHost.StartAsync();
        using var client = host.Client(host.CreateToken("accounting", ApiScope.Read));
        using var response = await client.GetAsync("/api/v1/records.csv");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}
