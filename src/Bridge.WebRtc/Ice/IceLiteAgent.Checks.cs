using System.Net;
using Bridge.WebRtc.Stun;
using Microsoft.Extensions.Logging;

namespace Bridge.WebRtc.Ice;

/// <summary>Answering connectivity checks (RFC 8445 §7.3, RFC 8489 §6.3 and §9.1.3).</summary>
public sealed partial class IceLiteAgent
{
    /// <summary>
    /// Handles one STUN datagram from <paramref name="source"/> and writes the answer, if any, into
    /// <paramref name="response"/>; the caller sends <c>response[..responseLength]</c> back to the source
    /// when <paramref name="responseLength"/> is above zero, from the socket the request arrived on
    /// (RFC 8445 §7.3: the response goes from the request's destination to its source). Never throws on bad input.
    /// </summary>
    /// <remarks>
    /// Order of checks, and why:
    /// <list type="number">
    /// <item>Malformed STUN, or FINGERPRINT missing or wrong: dropped silently. ICE checks always carry
    /// FINGERPRINT (RFC 8445 §7.2.2), and a failed FINGERPRINT means the datagram is not STUN at all (RFC 8489 §7.3).</item>
    /// <item>Responses and indications: ignored (a lite agent sends no requests; indications are keepalives).</item>
    /// <item>USERNAME or MESSAGE-INTEGRITY missing: 400; USERNAME not "localUfrag:remoteUfrag" or
    /// MESSAGE-INTEGRITY wrong: 401, both without MESSAGE-INTEGRITY (RFC 8489 §9.1.3). Answering rather than
    /// dropping lets a misconfigured peer see why it fails; the answer (≤ 48 octets) is smaller than any
    /// request that can earn it (≥ 60 octets), so it cannot amplify a reflection attack. Rejections are logged
    /// at most once per 10 s.</item>
    /// <item>Authenticated from here on, so answers carry MESSAGE-INTEGRITY: unknown comprehension-required
    /// attributes → 420 (RFC 8489 §6.3.1.1); ICE-CONTROLLED → 487, because a lite agent is always controlled and
    /// never switches role (RFC 8445 §6.1.1, §7.3.1.1); PRIORITY missing → 400 (RFC 8445 §7.1.1).</item>
    /// <item>Otherwise the check is valid: the source is validated, its consent refreshed, USE-CANDIDATE makes
    /// it the selected pair, and the success response carries XOR-MAPPED-ADDRESS of the source.</item>
    /// </list>
    /// </remarks>
    public IceCheckResult HandleStun(ReadOnlySpan<byte> datagram, SocketAddress source, Span<byte> response, out int responseLength)
    {
        ArgumentNullException.ThrowIfNull(source);
        responseLength = 0;
        if (response.Length < MinimumResponseBufferLength)
        {
            return IceCheckResult.DroppedNoBuffer;
        }

        if (StunMessageReader.TryParse(datagram, out var request) != StunParseResult.Ok
            || request.FingerprintOffset < 0
            || !StunFingerprint.Verify(datagram, request.FingerprintOffset))
        {
            return Rejected(IceCheckResult.DroppedMalformed, source);
        }

        if (!StunMessageType.IsRequest(request.Type))
        {
            return IceCheckResult.DroppedNotRequest;
        }

        IceCheckResult result;
        IPEndPoint? newlySelected = null;
        lock (_gate)
        {
            if (_disposed)
            {
                return IceCheckResult.DroppedNoBuffer;
            }

            result = Check(ref request, datagram, source, response, out responseLength, out newlySelected);
        }

        if (newlySelected is not null)
        {
            IceLog.Selected(_logger, LocalCredentials.Ufrag, newlySelected);
            SelectedRemoteChanged?.Invoke(this, newlySelected);
        }

        return result == IceCheckResult.Success ? result : Rejected(result, source);
    }

    private IceCheckResult Check(
        ref StunMessageReader request,
        ReadOnlySpan<byte> datagram,
        SocketAddress source,
        Span<byte> response,
        out int responseLength,
        out IPEndPoint? newlySelected)
    {
        newlySelected = null;
        if (StunMessageType.Method(request.Type) != StunMessageType.BindingRequest
            || !request.HasUsername
            || request.MessageIntegrityOffset < 0)
        {
            responseLength = WriteError(request.TransactionId, StunErrorCode.BadRequest, authenticated: false, default, response);
            return IceCheckResult.BadRequest;
        }

        if (!UsernameMatches(request.Username) || !_integrity.Verify(datagram, request.MessageIntegrityOffset))
        {
            responseLength = WriteError(request.TransactionId, StunErrorCode.Unauthorized, authenticated: false, default, response);
            return IceCheckResult.Unauthorized;
        }

        if (request.UnknownComprehensionRequiredCount > 0)
        {
            Span<ushort> unknown = stackalloc ushort[StunMessageReader.MaxUnknownAttributes];
            var count = request.CopyUnknownAttributes(unknown);
            responseLength = WriteError(request.TransactionId, StunErrorCode.UnknownAttribute, authenticated: true, unknown[..count], response);
            return IceCheckResult.UnknownAttribute;
        }

        if (request.HasIceControlled)
        {
            responseLength = WriteError(request.TransactionId, StunErrorCode.RoleConflict, authenticated: true, default, response);
            return IceCheckResult.RoleConflict;
        }

        if (!request.HasPriority)
        {
            responseLength = WriteError(request.TransactionId, StunErrorCode.BadRequest, authenticated: true, default, response);
            return IceCheckResult.BadRequest;
        }

        var writer = new StunMessageWriter(response, StunMessageType.BindingSuccessResponse, request.TransactionId);
        if (!writer.AddXorMappedAddress(source))
        {
            responseLength = 0;
            return IceCheckResult.DroppedMalformed;
        }

        writer.AddMessageIntegrity(_integrity);
        writer.AddFingerprint();
        responseLength = writer.Length;

        var entry = Touch(source, _time.GetTimestamp());
        if (request.UseCandidate && entry != _selected)
        {
            _selected = entry;
            _selectedEndPoint = ToEndPoint(entry.Address);
            newlySelected = _selectedEndPoint;
        }

        return IceCheckResult.Success;
    }

    private bool UsernameMatches(ReadOnlySpan<byte> username)
    {
        var expected = _expectedUsername;
        if (expected is not null)
        {
            return username.SequenceEqual(expected);
        }

        return username.Length > _localUfragPrefix.Length && username.StartsWith(_localUfragPrefix);
    }

    private int WriteError(ReadOnlySpan<byte> transactionId, int code, bool authenticated, ReadOnlySpan<ushort> unknown, Span<byte> response)
    {
        var writer = new StunMessageWriter(response, StunMessageType.BindingErrorResponse, transactionId);
        writer.AddErrorCode(code);
        if (!unknown.IsEmpty)
        {
            writer.AddUnknownAttributes(unknown);
        }

        if (authenticated)
        {
            writer.AddMessageIntegrity(_integrity);
        }

        writer.AddFingerprint();
        return writer.Length;
    }

    /// <summary>Counts a rejection and logs at most one every 10 s, with how many were not logged.</summary>
    private IceCheckResult Rejected(IceCheckResult result, SocketAddress source)
    {
        if (!_logger.IsEnabled(LogLevel.Warning))
        {
            return result;
        }

        var now = _time.GetTimestamp();
        long suppressed;
        lock (_gate)
        {
            if (_lastRejectLog != long.MinValue && _time.GetElapsedTime(_lastRejectLog, now) < RejectLogInterval)
            {
                _suppressedRejects++;
                return result;
            }

            _lastRejectLog = now;
            suppressed = _suppressedRejects;
            _suppressedRejects = 0;
        }

        IceLog.Rejected(_logger, LocalCredentials.Ufrag, ToEndPoint(source), result, suppressed);
        return result;
    }
}
