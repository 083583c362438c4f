using Bridge.Service.Configuration;

namespace Bridge.Service.Tests.Configuration;

/// <summary>Bridge:Media:ReceiveThreads (issue 14: dedicated RTP receive threads, 0 = the portable socket loops).</summary>
public sealed class ReceiveThreadsOptionsReaderTests
{
    [Theory]
    [InlineData("0", 0)]
    [InlineData("1", 1)]
    [InlineData(" 2 ", 2)]
    [InlineData("8", 8)]
    public void A_number_of_threads_is_taken(string value, int expected)
    {
        var options = SecurityOptionsReaderTests.Read(out var errors, ("Bridge:Media:ReceiveThreads", value));

        Assert.Empty(errors);
        Assert.Equal(expected, options.MediaReceiveThreads);
    }

    [Fact]
    public void Auto_and_unset_follow_the_cores()
    {
        var unset = SecurityOptionsReaderTests.Read(out var errors);
        var auto = SecurityOptionsReaderTests.Read(out var autoErrors, ("Bridge:Media:ReceiveThreads", "Auto"));

        Assert.Empty(errors);
        Assert.Empty(autoErrors);
        Assert.Equal(BridgeOptionsReader.AutoReceiveThreads(Environment.ProcessorCount), unset.MediaReceiveThreads);
        Assert.Equal(unset.MediaReceiveThreads, auto.MediaReceiveThreads);
        Assert.Equal(1, BridgeOptionsReader.AutoReceiveThreads(2));
        Assert.Equal(2, BridgeOptionsReader.AutoReceiveThreads(16));
    }

    [Theory]
    [InlineData("9")]
    [InlineData("-1")]
    [InlineData("many")]
    public void A_bad_value_is_refused_with_the_key(string value)
    {
        SecurityOptionsReaderTests.Read(out var errors, ("Bridge:Media:ReceiveThreads", value));

        Assert.Contains($"Bridge:Media:ReceiveThreads: '{value}' is not auto or a whole number from 0 to 8", errors);
    }
}
