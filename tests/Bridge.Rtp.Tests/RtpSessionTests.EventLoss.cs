namespace Bridge.Rtp.Tests;

/// <summary>RFC 4733 event packets in the audio's sequence space are not loss (RFC 3550 A.3).</summary>
public sealed partial class RtpSessionTests
{
    [Fact]
    public async Task DigitsSentInTheAudiosSequenceSpaceAreNotCountedAsLost()
    {
        RtpSession a = Create(out _);
        RtpSession b = Create(out _);
        a.SendEventPayloadType = 101;
        b.ReceiveEventPayloadType = 101;
        b.EventReceiver = new TelephoneEventReceiver(_time);
        a.SetRemote(b.LocalRtpEndPoint);
        a.Start();
        b.Start();
        var audio = new byte[160];
        for (int i = 0; i < 5; i++)
        {
            a.SendAudio(audio, 160);
        }

        // Each digit replaces a stretch of audio packets with event packets of the same SSRC and sequence numbers (§2.1).
        Assert.True(a.SendDigit('4'));
        Assert.True(a.SendDigit('#'));
        for (int i = 0; i < 60; i++)
        {
            a.SendAudio(audio, 160);
        }

        await WaitFor(() => b.GetStatistics().PacketsReceived == 65);
        var sample = b.GetQualitySample();
        Assert.Equal(0, sample.PacketsLost);
        Assert.InRange(sample.PacketsExpected, 63, 65); // A.1: the first packets of a new source may be its probation
    }
}
