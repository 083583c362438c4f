using Bridge.Sip.Messages;
using Bridge.Sip.Transactions;
using Bridge.Sip.Transport;

namespace Bridge.Sip.Tests.Support;

/// <summary>A transaction user that records every upcall.</summary>
internal sealed class RecordingTransactionUser : ISipTransactionUser
{
    public List<SipServerTransaction> Requests { get; } = [];
    public List<SipRequest> Acks { get; } = [];
    public List<InviteServerTransaction> Cancels { get; } = [];
    public List<SipResponse> Stray { get; } = [];
    public List<(SipServerTransaction Transaction, SipTransactionError Error)> Failures { get; } = [];

    public void OnRequest(SipServerTransaction transaction) => Requests.Add(transaction);

    public void OnAck(SipRequest ack, SipRemote remote) => Acks.Add(ack);

    public void OnCancel(InviteServerTransaction invite) => Cancels.Add(invite);

    public void OnStrayResponse(SipResponse response, SipRemote remote) => Stray.Add(response);

    public void OnServerTransactionFailed(SipServerTransaction transaction, SipTransactionError error) => Failures.Add((transaction, error));
}
