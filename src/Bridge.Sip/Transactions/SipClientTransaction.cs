using Bridge.Sip.Messages;
using Bridge.Sip.Transport;

namespace Bridge.Sip.Transactions;

/// <summary>Client side of RFC 3261 §17.1: owns the request, reports responses to the transaction user and completes
/// <see cref="FinalResponse"/> with the first final response, or null on timeout / transport error.</summary>
internal abstract class SipClientTransaction : SipTransaction
{
    private readonly TaskCompletionSource<SipResponse?> _final = new(TaskCreationOptions.RunContinuationsAsynchronously);

    protected SipClientTransaction(SipTransactionLayer layer, SipRequest request, SipRemote destination, SipTransactionState initial)
        : base(layer, SipTransactionLayer.ClientKey(request.TopVia!.Branch!, request.CSeq!.Value.Method), destination, initial)
    {
        Request = request;
        RequestBytes = request.ToBytes();
    }

    public SipRequest Request { get; }

    protected ReadOnlyMemory<byte> RequestBytes { get; private set; }

    /// <summary>A terminated transaction retransmits nothing: the serialized request goes (the request itself stays).</summary>
    protected override void ReleaseLocked() => RequestBytes = default;

    /// <summary>Bytes held to retransmit the request (none once terminated).</summary>
    internal int HeldRequestBytes => RequestBytes.Length;

    /// <summary>Every response passed up (provisional, final, RFC 6026 2xx retransmissions). Runs outside the lock.</summary>
    public Action<SipClientTransaction, SipResponse>? ResponseReceived { get; set; }

    /// <summary>First final response, or null when the transaction failed (see <see cref="SipTransaction.Error"/>).</summary>
    public Task<SipResponse?> FinalResponse => _final.Task;

    /// <summary>Sends the request and starts the timers.</summary>
    public abstract void Start();

    /// <summary>A response whose top Via branch and CSeq method match (RFC 3261 §17.1.3).</summary>
    public abstract void OnResponse(SipResponse response);

    protected void PassUp(SipResponse response)
    {
        ResponseReceived?.Invoke(this, response);
        if (response.StatusCode >= 200)
        {
            _final.TrySetResult(response);
        }
    }

    protected void Fail() => _final.TrySetResult(null);
}
