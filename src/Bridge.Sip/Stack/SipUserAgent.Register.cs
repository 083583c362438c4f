using System.Globalization;
using Bridge.Sip.Auth;
using Bridge.Sip.Messages;
using Bridge.Sip.Transactions;
using Bridge.Sip.Transport;

namespace Bridge.Sip.Stack;

/// <summary>REGISTER as a UAC (RFC 3261 §10.2) with one digest retry (§22.2) and one retry with the registrar's
/// Min-Expires after 423 Interval Too Brief (§10.2.8) per exchange.</summary>
internal sealed partial class SipUserAgent
{
    /// <summary>Sends REGISTER for <paramref name="registration"/> asking for <paramref name="expires"/> (0 removes the
    /// binding); answers one 401/407 with credentials. Never throws for network trouble: no answer is status 0.</summary>
    public async Task<SipRegisterResult> RegisterAsync(SipRegistration registration, TimeSpan expires, CancellationToken ct)
    {
        var destination = await SipLocalAddresses.ResolveAsync(registration.Registrar, SipTransportNames.Udp, ct).ConfigureAwait(false);
        if (destination is null || Channel.GetListenPoint(destination.Transport) is null)
        {
            return new SipRegisterResult(0, "registrar address cannot be resolved or no transport for it", TimeSpan.Zero);
        }

        SipResponse? challenge = null;
        var intervalRaised = false;
        var nonceCount = 0;
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var request = CreateRegister(registration, destination, expires);
            if (challenge is not null)
            {
                var password = registration.Password();
                if (password is null || DigestClient.Answer(challenge, request, registration.AuthUser, password, ++nonceCount) is not { } answer)
                {
                    return new SipRegisterResult(challenge.StatusCode, password is null ? "password unavailable" : "no usable digest challenge", TimeSpan.Zero);
                }

                request.Headers.Add(answer.Header, answer.Value);
            }

            var response = await Transactions.StartClient(request, destination, null).FinalResponse.WaitAsync(ct).ConfigureAwait(false);
            if (response is null)
            {
                return new SipRegisterResult(0, "no answer", TimeSpan.Zero);
            }

            if (response.StatusCode is 401 or 407 && challenge is null)
            {
                challenge = response;
                continue;
            }

            // §10.2.8: 423 Interval Too Brief carries Min-Expires; ask again once with that interval.
            if (response.StatusCode == 423 && !intervalRaised && expires > TimeSpan.Zero && MinExpires(response) is { } minimum && minimum > expires)
            {
                intervalRaised = true;
                expires = minimum;
                continue;
            }

            return response.StatusCode is >= 200 and < 300
                ? new SipRegisterResult(response.StatusCode, response.ReasonPhrase, Granted(response, expires))
                : new SipRegisterResult(response.StatusCode, response.ReasonPhrase, TimeSpan.Zero);
        }

        return new SipRegisterResult(challenge?.StatusCode ?? 423, challenge is null ? "interval refused" : "credentials refused", TimeSpan.Zero);
    }

    /// <summary>The Min-Expires header of a 423 (§20.23), at most a day; null when missing or malformed.</summary>
    private static TimeSpan? MinExpires(SipResponse response) =>
        response.Headers["Min-Expires"] is { } text && int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds is > 0 and <= 86400
            ? TimeSpan.FromSeconds(seconds)
            : null;

    private SipRequest CreateRegister(SipRegistration registration, SipRemote destination, TimeSpan expires)
    {
        var (host, port) = _addresses.SentBy(destination);
        var request = new SipRequest(SipMethods.Register, registration.Registrar);
        AddVia(request, destination);
        registration.CallId ??= SipIdentifiers.NewCallId(host.Trim('[', ']'));
        registration.CSeq++;
        var aor = registration.AddressOfRecord;
        request.Headers.Add("Max-Forwards", "70");
        request.Headers.Add("From", "<" + aor + ">;tag=" + registration.FromTag);
        request.Headers.Add("To", "<" + aor + ">");
        request.Headers.Add("Call-ID", registration.CallId);
        request.Headers.Add("CSeq", registration.CSeq.ToString(CultureInfo.InvariantCulture) + " REGISTER");
        var transport = string.Equals(destination.Transport, SipTransportNames.Udp, StringComparison.OrdinalIgnoreCase) ? "" : ";transport=" + destination.Transport.ToLowerInvariant();
        request.Headers.Add("Contact", "<sip:" + registration.User + "@" + host + ":" + port.ToString(CultureInfo.InvariantCulture) + transport + ">");
        request.Headers.Add("Expires", ((long)expires.TotalSeconds).ToString(CultureInfo.InvariantCulture));
        request.Headers.Add("User-Agent", Options.UserAgent);
        return request;
    }

    /// <summary>§10.2.4: the expiry granted is the Contact's <c>expires</c> parameter for our binding, else the Expires header.</summary>
    private static TimeSpan Granted(SipResponse response, TimeSpan asked)
    {
        foreach (var contact in response.Headers.GetValues("Contact"))
        {
            if (SipNameAddress.TryParse(contact, out var address) && address.GetParameter("expires") is { } text
                && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
            {
                return TimeSpan.FromSeconds(seconds);
            }
        }

        return response.Headers["Expires"] is { } header && int.TryParse(header.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? TimeSpan.FromSeconds(value)
            : asked;
    }
}
