namespace Bridge.Service.Tests.Configuration;

/// <summary>Issue 12 keys: Bridge:Trunks:*.</summary>
public sealed class TrunkOptionsReaderTests
{
    [Fact]
    public void Registration_backoff_defaults_to_RFC_5626_base_30_and_max_1800_seconds()
    {
        var options = SecurityOptionsReaderTests.Read(out var errors);

        Assert.Empty(errors);
        Assert.Equal(TimeSpan.FromSeconds(30), options.RegistrationBackoff.Base);
        Assert.Equal(TimeSpan.FromSeconds(1800), options.RegistrationBackoff.Max);
    }

    [Fact]
    public void Both_keys_are_read()
    {
        var options = SecurityOptionsReaderTests.Read(out var errors,
            ("Bridge:Trunks:RegisterRetryBaseSeconds", "5"), ("Bridge:Trunks:RegisterRetryMaxSeconds", "60"));

        Assert.Empty(errors);
        Assert.Equal(TimeSpan.FromSeconds(5), options.RegistrationBackoff.Base);
        Assert.Equal(TimeSpan.FromSeconds(60), options.RegistrationBackoff.Max);
    }

    [Theory]
    [InlineData("Bridge:Trunks:RegisterRetryBaseSeconds", "0", "Bridge:Trunks:RegisterRetryBaseSeconds: '0' is not a whole number from 1 to 3600")]
    [InlineData("Bridge:Trunks:RegisterRetryMaxSeconds", "soon", "Bridge:Trunks:RegisterRetryMaxSeconds: 'soon' is not a whole number from 1 to 86400")]
    [InlineData("Bridge:Trunks:RegisterRetryMaxSeconds", "10", "Bridge:Trunks:RegisterRetryMaxSeconds (10) must not be smaller than Bridge:Trunks:RegisterRetryBaseSeconds (30)")]
    public void Bad_values_name_the_key(string key, string value, string message)
    {
        SecurityOptionsReaderTests.Read(out var errors, (key, value));

        Assert.Contains(message, errors);
    }
}
