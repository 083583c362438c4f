using System.Net;
using Bridge.Service.Configuration;
using Microsoft.Extensions.Configuration;

namespace Bridge.Service.Tests.Configuration;

/// <summary>The web host's keys (issue 9): <c>Bridge:Web:Http</c>, <c>Bridge:Web:Https</c>, <c>Bridge:Web:AllowedOrigins</c>.</summary>
public sealed class WebOptionsReaderTests
{
    private static BridgeOptions Read(out IReadOnlyList<string> errors, params (string Key, string? Value)[] values)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value)))
            .Build();
        return BridgeOptionsReader.Read(configuration, "/srv/bridge", out errors);
    }

    [Fact]
    public void By_default_the_page_is_on_8080_and_8443_on_every_interface()
    {
        var options = Read(out var errors);

        Assert.Empty(errors);
        Assert.Equal(new IPEndPoint(IPAddress.Any, 8080), options.Web.Http);
        Assert.Equal(new IPEndPoint(IPAddress.Any, 8443), options.Web.Https);
        Assert.Empty(options.Web.AllowedOrigins);
    }

    [Fact]
    public void An_empty_value_disables_a_listener()
    {
        var options = Read(out var errors, ("Bridge:Web:Http", ""), ("Bridge:Web:Https", "127.0.0.1:9443"));

        Assert.Empty(errors);
        Assert.Null(options.Web.Http);
        Assert.Equal(new IPEndPoint(IPAddress.Loopback, 9443), options.Web.Https);
    }

    [Theory]
    [InlineData("Bridge:Web:Http", "8080")]
    [InlineData("Bridge:Web:Http", "localhost:8080")]
    [InlineData("Bridge:Web:Https", "0.0.0.0:99999")]
    public void A_bad_listener_is_reported_with_its_key(string key, string value)
    {
        Read(out var errors, (key, value));

        var error = Assert.Single(errors);
        Assert.StartsWith($"{key}: '{value}' is not IP:PORT", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Http_and_Https_on_one_address_is_reported()
    {
        Read(out var errors, ("Bridge:Web:Http", "127.0.0.1:8080"), ("Bridge:Web:Https", "127.0.0.1:8080"));

        Assert.Equal("Bridge:Web:Https: '127.0.0.1:8080' is the same address as Bridge:Web:Http", Assert.Single(errors));
    }

    [Fact]
    public void Allowed_origins_are_read_from_a_list_or_an_array()
    {
        var listed = Read(out var errors, ("Bridge:Web:AllowedOrigins", "https://bridge.example.com, http://10.0.0.5:8080/"));
        var array = Read(out var arrayErrors, ("Bridge:Web:AllowedOrigins:0", "https://a.example"), ("Bridge:Web:AllowedOrigins:1", "https://b.example:8443"));

        Assert.Empty(errors);
        Assert.Empty(arrayErrors);
        Assert.Equal(["https://bridge.example.com", "http://10.0.0.5:8080"], listed.Web.AllowedOrigins);
        Assert.Equal(["https://a.example", "https://b.example:8443"], array.Web.AllowedOrigins);
    }

    [Theory]
    [InlineData("bridge.example.com")]
    [InlineData("https://bridge.example.com/room")]
    [InlineData("ftp://bridge.example.com")]
    [InlineData("https://user@bridge.example.com")]
    public void An_origin_that_is_not_scheme_host_port_is_reported(string origin)
    {
        Read(out var errors, ("Bridge:Web:AllowedOrigins", origin));

        Assert.Equal($"Bridge:Web:AllowedOrigins: '{origin}' is not an origin like https://host[:port]", Assert.Single(errors));
    }
}
