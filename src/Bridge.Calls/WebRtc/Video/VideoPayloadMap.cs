using Bridge.Sdp.WebRtc;

namespace Bridge.Calls.WebRtc.Video;

/// <summary>
/// One browser m-line's payload types by codec and back (RFC 3264 §6.1: each end's numbers are its own, so a packet
/// forwarded from one browser to another gets the receiver's number for the same codec). Lookups allocate nothing.
/// </summary>
internal sealed class VideoPayloadMap
{
    private readonly VideoCodec[] _codecs = new VideoCodec[128];
    private readonly int[] _payloadTypes = [-1, -1, -1];

    public VideoPayloadMap(IEnumerable<WebRtcVideoPayload> payloads)
    {
        ArgumentNullException.ThrowIfNull(payloads);
        foreach (var payload in payloads)
        {
            var codec = string.Equals(payload.Codec, "VP8", StringComparison.OrdinalIgnoreCase) ? VideoCodec.Vp8
                : string.Equals(payload.Codec, "H264", StringComparison.OrdinalIgnoreCase) ? VideoCodec.H264
                : VideoCodec.None;
            if (codec != VideoCodec.None && payload.PayloadType is >= 0 and < 128)
            {
                _codecs[payload.PayloadType] = codec;
                if (_payloadTypes[(int)codec] < 0)
                {
                    _payloadTypes[(int)codec] = payload.PayloadType;
                }
            }
        }
    }

    /// <summary>The codec of a received payload type, or <see cref="VideoCodec.None"/>.</summary>
    public VideoCodec CodecOf(int payloadType) => (uint)payloadType < 128 ? _codecs[payloadType] : VideoCodec.None;

    /// <summary>This end's payload type for <paramref name="codec"/>, or -1 when it did not offer it.</summary>
    public int PayloadTypeOf(VideoCodec codec) => _payloadTypes[(int)codec];
}
