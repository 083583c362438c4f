using System.Net;
using Bridge.Service.Configuration;
using Microsoft.Extensions.Configuration;

namespace Bridge.Service.Tests.Configuration;

/// <summary>Issue 13 keys: Bridge:Records:RetentionDays, Bridge:Metrics:Address, Bridge:Api:AuthFailuresPerMinute.</summary>
public sealed class OpsOptionsReaderTests
{
    private static OpsOptions Read(List<string> errors, params (string Key, string Value)[] values)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value)))
            .Build();
        return BridgeOptionsReader.ReadOps(configuration, errors);
    }

    [Fact]
    public void Defaults_keep_records_30_days_and_serve_metrics_behind_a_token()
    {
        var errors = new List<string>();
        var options = Read(errors);
        Assert.Empty(errors);
        Assert.Equal(30, options.RecordRetentionDays);
        Assert.Null(options.MetricsAddress);
        Assert.Equal(10, options.ApiAuthFailuresPerMinute);
    }

    [Fact]
    public void Values_are_read()
    {
        var errors = new List<string>();
        var options = Read(errors, ("Bridge:Records:RetentionDays", "0"), ("Bridge:Metrics:Address", "127.0.0.1:9464"), ("Bridge:Api:AuthFailuresPerMinute", "3"));
        Assert.Empty(errors);
        Assert.Equal(0, options.RecordRetentionDays);
        Assert.Equal(new IPEndPoint(IPAddress.Loopback, 9464), options.MetricsAddress);
        Assert.Equal(3, options.ApiAuthFailuresPerMinute);
    }

    [Theory]
    [InlineData("Bridge:Records:RetentionDays", "-1", "Bridge:Records:RetentionDays: '-1' is not a whole number from 0 to 36500")]
    [InlineData("Bridge:Records:RetentionDays", "thirty", "Bridge:Records:RetentionDays: 'thirty' is not a whole number from 0 to 36500")]
    [InlineData("Bridge:Metrics:Address", "localhost", "Bridge:Metrics:Address: 'localhost' is not IP:PORT (leave it empty to serve /metrics on the web host, behind an API token)")]
    [InlineData("Bridge:Metrics:Address", "127.0.0.1:0", "Bridge:Metrics:Address: '127.0.0.1:0' is not IP:PORT (leave it empty to serve /metrics on the web host, behind an API token)")]
    [InlineData("Bridge:Api:AuthFailuresPerMinute", "0", "Bridge:Api:AuthFailuresPerMinute: '0' is not a whole number from 1 to 10000")]
    public void Bad_values_are_reported_with_their_key(string key, string value, string message)
    {
        var errors = new List<string>();
        Read(errors, (key, value));
        Assert.Equal([message], errors);
    }
}
