using Bridge.Calls.WebRtc.Video;
using Bridge.Rtp;
using Bridge.Sdp.WebRtc;
using Bridge.WebRtc.Dtls;

namespace Bridge.Calls.WebRtc;

/// <summary>
/// The video of a browser leg (<see cref="VideoPeer"/>): packets of the non-audio payload types and every RTCP compound
/// go from the receive loop to the forwarding unit, the video's SRTP send context comes from the same DTLS keys, the
/// leg is placed in its room's video while it hears the room (not in a lobby), and leaves it on release.
/// </summary>
internal sealed partial class WebRtcLeg
{
    private VideoRouter? _videoRouter;

    /// <summary>The leg's video, or null when its offer had none.</summary>
    public VideoPeer? Video { get; private set; }

    /// <summary>Before <see cref="Start"/>: takes the negotiated video m-lines.</summary>
    internal void AttachVideo(VideoRouter router, IReadOnlyList<WebRtcNegotiatedVideo> video, uint feedbackSsrc)
    {
        _videoRouter = router;
        var peer = new VideoPeer(Id, video, feedbackSsrc, SendVideo, _time);
        Video = peer;
        _rtp.OtherPacketReceived = OnOtherRtp;
        _rtp.RtcpReceived = OnRtcpCompound;
    }

    internal void SetScreenSharing(bool sharing)
    {
        if (Video is { } video && !IsReleased)
        {
            _videoRouter!.SetScreenSharing(video, sharing);
        }
    }

    private void PlaceVideo(string? room)
    {
        if (Video is { } video)
        {
            _videoRouter!.Place(video, IsReleased ? null : room);
        }
    }

    private void InstallVideoKeys(DtlsSrtpKeys keys)
    {
        if (Video is { } video)
        {
            video.InstallKeys(keys.CreateSession());
            VideoRouter.RequestKeyFrames(video, _time.GetTimestamp());
        }
    }

    private bool SendVideo(ReadOnlySpan<byte> datagram) => _ice.SelectedRemoteAddress is { } to && _rtp.SendDatagram(datagram, to);

    private void OnOtherRtp(RtpSession session, in RtpPacket packet) => Video?.OnRtp(packet);

    private void OnRtcpCompound(RtpSession session, ReadOnlySpan<byte> compound) => Video?.OnRtcp(compound);
}
