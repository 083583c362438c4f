namespace Bridge.Calls.WebRtc.Video;

/// <summary>Sends one protected datagram to a browser's ICE-selected address; false when there is none yet.</summary>
internal delegate bool VideoDatagramSender(ReadOnlySpan<byte> datagram);
