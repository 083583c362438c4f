// Bridge room page, dial-out (issue 12): a moderator's form "Call a phone" (field Phone number, button Call). The page
// sends {"type":"dialout","number"} and shows the bridge's answers ({"type":"dialout","state","text"}: calling, answered,
// joined, declined, no answer, "This number cannot be called.") in the form's role="status" line. The bridge decides
// whether the sender may call and what; the form is only hidden from participants. It hooks into members.js (attach,
// entered, onMessage, left), which app.js already calls, so app.js needs no change.
'use strict';

window.bridgeDialOut = (() => {
  const $ = (id) => document.getElementById(id);
  let send = () => {};

  function attach(sender) {
    send = sender;
    $('dialout-form').addEventListener('submit', onSubmit);
  }

  function onSubmit(event) {
    event.preventDefault();
    const number = $('dialout-number').value.trim();
    if (!/^[0-9+*#]{1,32}$/.test(number)) {
      setStatus('Enter a phone number: digits only (+, * and # allowed).');
      $('dialout-number').focus();
      return;
    }
    setStatus('Asking the bridge to call…');
    send({ type: 'dialout', number });
  }

  function setStatus(text) {
    $('dialout-status').textContent = text || '';
  }

  function entered(role) {
    $('dialout-form').hidden = role !== 'moderator';
    setStatus('');
  }

  function left() {
    $('dialout-form').hidden = true;
    setStatus('');
  }

  function onMessage(message) {
    if (message.type === 'dialout') {
      setStatus(message.text || '');
      if (message.state === 'joined' || message.state === 'answered') {
        $('dialout-number').value = '';
      }
    } else if (message.type === 'refused-action' && message.action === 'dialout') {
      setStatus(message.message || 'Only a moderator can do that.');
    }
  }

  // Wrap members.js's hooks: app.js calls them at the same moments.
  const members = window.bridgeMembers;
  if (members) {
    const wrap = (name, extra) => {
      const original = members[name];
      members[name] = (...args) => {
        extra(...args);
        return original ? original(...args) : undefined;
      };
    };
    wrap('attach', attach);
    wrap('entered', entered);
    wrap('left', left);
    wrap('onMessage', onMessage);
  }

  return { attach, entered, left, onMessage };
})();
