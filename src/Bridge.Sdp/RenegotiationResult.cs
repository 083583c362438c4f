namespace Bridge.Sdp;

/// <summary>
/// Outcome of a new offer/answer exchange inside a dialog. On failure the session keeps its previous state
/// (RFC 3261 §14.2, RFC 3264 §8: a refused re-offer changes nothing) and <see cref="FailureStatus"/> is the SIP status.
/// </summary>
/// <param name="Success">True when the exchange succeeded.</param>
/// <param name="FailureStatus">488 on failure, else 0.</param>
/// <param name="FailureReason">A short reason phrase on failure.</param>
/// <param name="Description">Our answer (or, for an answer we applied, the peer's answer).</param>
/// <param name="Audio">The audio now agreed; null while the stream is disabled (port 0).</param>
/// <param name="Changes">What changed compared with the previous exchange.</param>
public sealed record RenegotiationResult(bool Success, int FailureStatus, string? FailureReason, SessionDescription? Description, NegotiatedAudio? Audio, MediaChanges Changes)
{
    internal static RenegotiationResult Accepted(SessionDescription description, NegotiatedAudio? audio, MediaChanges changes) =>
        new(true, 0, null, description, audio, changes);

    internal static RenegotiationResult Rejected(string reason) => new(false, OfferAnswerResult.NotAcceptableHere, reason, null, null, MediaChanges.None);
}
