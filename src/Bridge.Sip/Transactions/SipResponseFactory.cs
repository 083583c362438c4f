using Bridge.Sip.Messages;

namespace Bridge.Sip.Transactions;

/// <summary>Builds UAS responses per RFC 3261 §8.2.6: copies of Via/From/To/Call-ID/CSeq (by the message model) and a
/// To tag when the request had none (§8.2.6.2, not for 100 Trying).</summary>
internal static class SipResponseFactory
{
    public static SipResponse Create(SipRequest request, int statusCode, string? reason = null, string? toTag = null)
    {
        var response = SipResponse.CreateFor(request, statusCode, reason);
        if (statusCode > 100 && request.To is { } to && to.Tag is null)
        {
            response.Headers.Set("To", to.WithTag(toTag ?? SipIdentifiers.NewTag()).ToString());
        }

        return response;
    }
}
