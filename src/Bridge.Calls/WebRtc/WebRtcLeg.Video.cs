using Bridge.Calls.WebRtc.Video;
using Bridge.Rtp;
using Bridge.Sdp.WebRtc;
using Bridge.WebRtc.Dtls;
using Microsoft.Extensions.Logging;

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
        if (Video is not { } video)
        {
            return;
        }

        _videoRouter!.Place(video, IsReleased ? null : room);
        if (IsReleased)
        {
            var c = video.Counters;
            LogVideoFigures(Id, c.Received, c.Forwarded, c.Retransmitted, c.KeyFrameRequestsSent, c.KeyFrameRequestsSuppressed,
                c.UnknownSsrc, c.BadPayloadType, c.BadExtension, c.Oversized, c.FeedbackForUnknownSsrc, c.CodecMismatch);
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

    /// <summary>To the ICE-selected address, or before nomination to the validated address DTLS came from (as DTLS itself).</summary>
    private bool SendVideo(ReadOnlySpan<byte> datagram) => (_ice.SelectedRemoteAddress ?? _dtlsPeer) is { } to && _rtp.SendDatagram(datagram, to);

    /// <summary>ICE nominated (another) path: what was sent before may be lost, so the slots' senders are asked for a keyframe.</summary>
    private void OnVideoPathSelected()
    {
        if (Video is { HasKeys: true } video)
        {
            VideoRouter.RequestKeyFrames(video, _time.GetTimestamp());
        }
    }

    private void OnOtherRtp(RtpSession session, in RtpPacket packet) => Video?.OnRtp(packet);

    private void OnRtcpCompound(RtpSession session, ReadOnlySpan<byte> compound) => Video?.OnRtcp(compound);

    [LoggerMessage(Level = LogLevel.Information, Message = "Browser {LegId} video: received {Received}, forwarded {Forwarded}, resent for NACKs {Retransmitted}, keyframe requests sent {KeyFrames} (suppressed {Suppressed}); dropped: unknown SSRC {UnknownSsrc}, payload type {BadPayloadType}, header extension {BadExtension}, oversized {Oversized}, feedback for SSRCs not received {FeedbackUnknown}, no common codec {CodecMismatch}")]
    private partial void LogVideoFigures(string legId, long received, long forwarded, long retransmitted, long keyFrames, long suppressed,
        long unknownSsrc, long badPayloadType, long badExtension, long oversized, long feedbackUnknown, long codecMismatch);
}
