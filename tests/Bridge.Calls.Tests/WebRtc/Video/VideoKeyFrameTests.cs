using Bridge.Calls.WebRtc.Video;

namespace Bridge.Calls.Tests.WebRtc.Video;

/// <summary>Keyframe starts found without decoding: VP8 (RFC 7741 §4.2–4.3) and H.264 (RFC 6184 §5.6–5.8).</summary>
public sealed class VideoKeyFrameTests
{
    [Theory]
    [InlineData(new byte[] { 0x10, 0x00 }, true)] // S=1, PID 0, P=0
    [InlineData(new byte[] { 0x10, 0x01 }, false)] // P=1: an interframe
    [InlineData(new byte[] { 0x00, 0x00 }, false)] // not the start of a partition
    [InlineData(new byte[] { 0x11, 0x00 }, false)] // partition 1
    [InlineData(new byte[] { 0x90, 0x80, 0x81, 0x23, 0x00 }, true)] // X, I with a 15-bit PictureID
    [InlineData(new byte[] { 0x90, 0xE0, 0x05, 0x17, 0x40, 0x00 }, true)] // X, I (7 bits), L, T/K
    [InlineData(new byte[] { 0x90, 0xE0, 0x05, 0x17, 0x40, 0x01 }, false)]
    [InlineData(new byte[] { 0x90, 0x80 }, false)] // truncated
    [InlineData(new byte[] { }, false)]
    public void Vp8(byte[] payload, bool keyFrame) => Assert.Equal(keyFrame, VideoKeyFrame.IsStart(VideoCodec.Vp8, payload));

    [Theory]
    [InlineData(new byte[] { 0x65, 0x88 }, true)] // IDR slice
    [InlineData(new byte[] { 0x67, 0x42 }, true)] // SPS
    [InlineData(new byte[] { 0x41, 0x9A }, false)] // non-IDR slice
    [InlineData(new byte[] { 0x78, 0x00, 0x02, 0x67, 0x42, 0x00, 0x02, 0x68, 0xCE }, true)] // STAP-A with SPS and PPS
    [InlineData(new byte[] { 0x78, 0x00, 0x02, 0x06, 0x05 }, false)] // STAP-A with SEI only
    [InlineData(new byte[] { 0x78, 0x00, 0x09, 0x67 }, false)] // STAP-A size past the end
    [InlineData(new byte[] { 0x7C, 0x85, 0x88 }, true)] // FU-A start of an IDR
    [InlineData(new byte[] { 0x7C, 0x05, 0x88 }, false)] // FU-A continuation
    [InlineData(new byte[] { 0x7C, 0x81, 0x88 }, false)] // FU-A start of a non-IDR slice
    public void H264(byte[] payload, bool keyFrame) => Assert.Equal(keyFrame, VideoKeyFrame.IsStart(VideoCodec.H264, payload));
}
