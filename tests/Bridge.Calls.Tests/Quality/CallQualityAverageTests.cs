using Bridge.Calls.Quality;
using Bridge.Conferencing.Admin;

namespace Bridge.Calls.Tests.Quality;

/// <summary>A call record's quality is the call's average, not the figures of its last seconds.</summary>
public sealed class CallQualityAverageTests
{
    private static ParticipantQuality Quality(double loss, double jitter, double? rtt, double mos) =>
        new(loss, jitter, rtt, mos, null, null, 40, 0, 0);

    [Fact]
    public void A_good_call_with_a_bad_end_is_recorded_as_its_average()
    {
        var average = new CallQualityAverage();
        average.Add(Quality(0, 2, null, 4.4));
        average.Add(Quality(0, 4, 20, 4.4));
        average.Add(Quality(0, 3, 10, 4.4));

        var summary = average.Summarise(Quality(1.5, 31, 60, 2.0))!;

        Assert.Equal(1.5, summary.LossPercent); // loss is counted over the whole call already (A.3)
        Assert.Equal(10, summary.JitterMs); // (2 + 4 + 3 + 31) / 4
        Assert.Equal(30, summary.RttMs); // (20 + 10 + 60) / 3: samples without a round trip do not count
        Assert.Equal(3.8, summary.Mos); // (4.4 · 3 + 2.0) / 4
        Assert.Equal(40, summary.JitterBufferMs); // the rest as at the end
    }

    [Fact]
    public void A_short_call_without_samples_is_its_end_figures_and_no_audio_is_no_quality()
    {
        var average = new CallQualityAverage();
        var end = Quality(0, 1.2, null, 4.3);
        Assert.Equal(end, average.Summarise(end));
        Assert.Null(average.Summarise(null));
        Assert.Equal(0, average.Samples);
    }
}
