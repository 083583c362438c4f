namespace Bridge.Sdp;

/// <summary>
/// Outcome of an offer/answer step. On failure <see cref="FailureStatus"/> is the SIP status to send
/// (488 Not Acceptable Here, RFC 3261 §21.4.26) with <see cref="FailureReason"/> as a short reason phrase or Warning text.
/// </summary>
public sealed record OfferAnswerResult(bool Success, int FailureStatus, string? FailureReason, SessionDescription? Answer, NegotiatedAudio? Audio)
{
    /// <summary>SIP 488 Not Acceptable Here.</summary>
    public const int NotAcceptableHere = 488;

    internal static OfferAnswerResult Accepted(SessionDescription answer, NegotiatedAudio audio) => new(true, 0, null, answer, audio);

    internal static OfferAnswerResult Rejected(string reason) => new(false, NotAcceptableHere, reason, null, null);
}
