using System.Diagnostics.CodeAnalysis;

namespace Bridge.Sdp.WebRtc;

/// <summary>The answer and negotiated values, or why there is none (never an exception for a bad offer).</summary>
public sealed class WebRtcAnswerResult
{
    private WebRtcAnswerResult(WebRtcAnswerStatus status, string? reason, SessionDescription? answer, WebRtcNegotiatedAudio? negotiated)
    {
        Status = status;
        Reason = reason;
        Answer = answer;
        Negotiated = negotiated;
    }

    /// <summary>What happened.</summary>
    public WebRtcAnswerStatus Status { get; }

    /// <summary>Why there is no answer (safe to show the browser: no secrets), or null when accepted.</summary>
    public string? Reason { get; }

    /// <summary>The answer to send, when accepted.</summary>
    public SessionDescription? Answer { get; }

    /// <summary>The negotiated audio values, when accepted.</summary>
    public WebRtcNegotiatedAudio? Negotiated { get; }

    /// <summary>True when <see cref="Answer"/> and <see cref="Negotiated"/> are set.</summary>
    [MemberNotNullWhen(true, nameof(Answer), nameof(Negotiated))]
    [MemberNotNullWhen(false, nameof(Reason))]
    public bool IsAccepted => Status == WebRtcAnswerStatus.Accepted;

    internal static WebRtcAnswerResult Accepted(SessionDescription answer, WebRtcNegotiatedAudio negotiated) =>
        new(WebRtcAnswerStatus.Accepted, null, answer, negotiated);

    internal static WebRtcAnswerResult Failed(WebRtcAnswerStatus status, string reason) => new(status, reason, null, null);

    /// <summary>Status and reason for logs.</summary>
    public override string ToString() => Reason is null ? Status.ToString() : Status + ": " + Reason;
}
