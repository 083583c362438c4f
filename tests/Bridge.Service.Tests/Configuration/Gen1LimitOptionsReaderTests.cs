using Bridge.Service.Configuration;

namespace Bridge.Service.Tests.Configuration;

/// <summary>Bridge:Media:Gen1LimitMiB (issue 14: the bridge collects gen1 itself at this size, 0 = the runtime alone).</summary>
public sealed class Gen1LimitOptionsReaderTests
{
    [Theory]
    [InlineData(null, 12)]
    [InlineData("0", 0)]
    [InlineData(" 24 ", 24)]
    [InlineData("1024", 1024)]
    public void A_size_is_taken_and_unset_is_12(string? value, int expected)
    {
        var options = value is null
            ? SecurityOptionsReaderTests.Read(out var errors)
            : SecurityOptionsReaderTests.Read(out errors, ("Bridge:Media:Gen1LimitMiB", value));

        Assert.Empty(errors);
        Assert.Equal(expected, options.Gen1LimitMiB);
    }

    [Theory]
    [InlineData("1025")]
    [InlineData("-1")]
    [InlineData("12MB")]
    public void A_bad_value_is_refused_with_the_key(string value)
    {
        SecurityOptionsReaderTests.Read(out var errors, ("Bridge:Media:Gen1LimitMiB", value));

        Assert.Contains($"Bridge:Media:Gen1LimitMiB: '{value}' is not a whole number of MiB from 0 to 1024", errors);
    }
}
