using Bridge.Conferencing.DialOut;
using Bridge.Conferencing.Prompts;

namespace Bridge.Conferencing.Ivr;

/// <summary>
/// The moderator's dial-out (issue 12): <c>*7</c>, the number, <c>#</c>. The number is called only when a trunk's
/// <c>dialOut.allow</c> permits it (else "This number cannot be called." and a SECURITY line with the number masked);
/// the moderator then hears "Calling", and later answered / declined / no answer. <c>*</c> clears the number; no digit
/// for the input timeout abandons the entry. One call out at a time per moderator.
/// </summary>
internal sealed partial class CallSession
{
    private char[]? _dialOutEntry;
    private int _dialOutLength;
    private bool _dialOutOverflow;
    private bool _dialOutEntering;
    private bool _dialOutRinging;
    private ITimer? _dialOutTimer;
    private int _dialOutTimerToken;

    /// <summary><c>*7</c> from a moderator in a room starts the number entry; true when the digit was taken.</summary>
    private bool TryBeginDialOut(char digit)
    {
        if (digit != '7' || Role != ConferenceRole.Moderator || _phase != CallPhase.InRoom)
        {
            return false;
        }

        if (_dialOutRinging)
        {
            PlayInRoom([PromptCatalog.Get(PromptId.DialOutCalling, _language)]);
            return true;
        }

        _dialOutEntry ??= new char[_options.MaxEntryLength];
        ClearDialOutEntry();
        _dialOutEntering = true;
        PlayInRoom([PromptCatalog.Get(PromptId.DialOutEnterNumber, _language)]);
        ArmDialOutTimeout();
        return true;
    }

    /// <summary>Digits while the number is entered; false when no entry is going on.</summary>
    private bool OnDialOutDigit(char digit)
    {
        if (!_dialOutEntering)
        {
            return false;
        }

        BargeIn();

        switch (digit)
        {
            case '*':
                ClearDialOutEntry();
                break;
            case '#':
                SubmitDialOut();
                return true;
            case >= '0' and <= '9':
                if (_dialOutLength < _dialOutEntry!.Length)
                {
                    _dialOutEntry[_dialOutLength++] = digit;
                }
                else
                {
                    _dialOutOverflow = true;
                }

                break;
        }

        ArmDialOutTimeout();
        return true;
    }

    /// <summary>A key while a prompt plays stops it: the caller knows what to type.</summary>
    private void BargeIn()
    {
        if (_playing)
        {
            Leg.StopPrompts();
            _playing = false;
            _promptToken++;
        }
    }

    private void SubmitDialOut()
    {
        var number = _dialOutOverflow ? string.Empty : new string(_dialOutEntry!, 0, _dialOutLength);
        EndDialOutEntry();
        if (number.Length == 0 || Room is not { } room)
        {
            return;
        }

        if (!_service.TryDialOut(Leg.Source, Leg.Id, room.Config.Number, number, OnDialOutDone))
        {
            PlayInRoom([PromptCatalog.Get(PromptId.DialOutNotAllowed, _language)]);
            return;
        }

        _dialOutRinging = true;
        PlayInRoom([PromptCatalog.Get(PromptId.DialOutCalling, _language)]);
    }

    /// <summary>On the conference queue: what the moderator hears about the call out.</summary>
    private void OnDialOutDone(DialOutOutcome outcome)
    {
        _dialOutRinging = false;
        var prompt = outcome switch
        {
            DialOutOutcome.Answered => PromptId.DialOutAnswered,
            DialOutOutcome.Declined => PromptId.DialOutDeclined,
            DialOutOutcome.NoAnswer => PromptId.DialOutNoAnswer,
            _ => PromptId.NotPossible,
        };
        PlayInRoom([PromptCatalog.Get(prompt, _language)]);
    }

    private void ArmDialOutTimeout()
    {
        _dialOutTimer?.Dispose();
        var token = ++_dialOutTimerToken;
        _dialOutTimer = _service.Time.CreateTimer(
            _ => _service.Post(() =>
            {
                if (token == _dialOutTimerToken && _dialOutEntering)
                {
                    EndDialOutEntry(); // abandoned: back to the room
                }
            }),
            null,
            _options.InputTimeout,
            Timeout.InfiniteTimeSpan);
    }

    private void EndDialOutEntry()
    {
        _dialOutEntering = false;
        _dialOutTimerToken++;
        _dialOutTimer?.Dispose();
        _dialOutTimer = null;
        ClearDialOutEntry();
    }

    private void ClearDialOutEntry()
    {
        if (_dialOutEntry is not null)
        {
            Array.Clear(_dialOutEntry);
        }

        _dialOutLength = 0;
        _dialOutOverflow = false;
    }
}
