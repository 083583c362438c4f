using System.Net;
using Bridge.Sdp;

namespace Bridge.Calls;

/// <summary>What every call leg of one bridge shares: addresses, ports, timeouts and codec preference.</summary>
public sealed record CallsOptions
{
    /// <summary>The address bound by the RTP sockets (and written into SDP unless <see cref="PublicAddress"/> is set).</summary>
    public required IPAddress MediaAddress { get; init; }

    /// <summary>Behind 1:1 NAT: the public address written into SDP (c=, o=) instead of <see cref="MediaAddress"/>.</summary>
    public IPAddress? PublicAddress { get; init; }

    /// <summary>The address peers are told to send media to.</summary>
    public IPAddress SdpAddress => PublicAddress ?? MediaAddress;

    public int RtpPortLow { get; init; } = 20000;

    public int RtpPortHigh { get; init; } = 29999;

    /// <summary>RFC 3550 inactivity: a leg whose media stops this long (not on hold) is ended with BYE.</summary>
    public TimeSpan RtpTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Ring (180) this long before answering; zero answers at once.</summary>
    public TimeSpan AnswerDelay { get; init; } = TimeSpan.Zero;

    /// <summary>Codecs in the order the bridge prefers them.</summary>
    public IReadOnlyList<CodecSpec> CodecPreference { get; init; } = CodecSpec.DefaultPreference;

    /// <summary>Directory of the prompt WAV files (<c>prompts/en/…</c>).</summary>
    public string PromptsDirectory { get; init; } = "prompts";

    /// <summary>Mixer threads; 0 = one per core.</summary>
    public int MixerThreads { get; init; }

    /// <summary>Linux SCHED_RR priority the mixer threads ask for (1–99); 0 keeps them in the normal class.</summary>
    public int MixerRealtimePriority { get; init; }

    /// <summary>
    /// Dedicated RTP receive threads (issue 14: epoll + recvmmsg on 64-bit Linux, see <see cref="Bridge.Rtp.Receive.RtpReceiveEngine"/>);
    /// 0 = an asynchronous socket loop per socket, the portable path (also where the engine cannot run).
    /// </summary>
    public int ReceiveThreads { get; init; }

    /// <summary>Concurrent calls allowed from one source address (issue #5); beyond it a new INVITE gets 503.</summary>
    public int MaxCallsPerSource { get; init; } = 20;

    /// <summary>Concurrent calls allowed in total (issue #5); beyond it a new INVITE gets 503.</summary>
    public int MaxCalls { get; init; } = 500;
}
