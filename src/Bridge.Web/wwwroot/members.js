// Bridge room page, the members part (issue 10): every roster state as text (talking, muted, hand raised, waiting),
// the Raise hand button, the moderator's controls (Mute, Unmute, Remove, Rename per participant; Lock, Unlock, End meeting
// for the room), and the lobby: a waiting screen for a participant who waits, a list named Waiting with Admit and Deny
// for moderators. The bridge decides who may do what; this page only hides what its user may not do.
// app.js calls: attach(send), entered(role), roster(participants) -> the admitted ones it lists, tags(participant, tags),
// decorate(item, participant), onMessage(message), roomState(locked), left().
'use strict';

window.bridgeMembers = (() => {
  const $ = (id) => document.getElementById(id);
  let send = () => {};
  let role = 'participant';
  let hand = false;
  let waiting = false;
  let labelCount = 0;

  function attach(sender) {
    send = sender;
    $('hand').addEventListener('click', () => send({ type: 'hand', raised: !hand }));
    $('lock').addEventListener('click', () => send({ type: 'moderate', action: 'lock' }));
    $('unlock').addEventListener('click', () => send({ type: 'moderate', action: 'unlock' }));
    $('end-meeting').addEventListener('click', () => send({ type: 'moderate', action: 'end' }));
  }

  function entered(newRole) {
    role = newRole === 'moderator' ? 'moderator' : 'participant';
    setHand(false);
    setWaiting(false);
    showAlert('');
    $('moderator-controls').hidden = role !== 'moderator';
  }

  function left() {
    setWaiting(false);
    showAlert('');
    $('moderator-controls').hidden = true;
    $('waiting').replaceChildren();
    $('waiting-title').hidden = true;
    $('waiting').hidden = true;
  }

  function showAlert(text) {
    const alert = $('room-alert');
    alert.textContent = text || '';
    alert.hidden = !text;
  }

  function setHand(value) {
    hand = value;
    $('hand').setAttribute('aria-pressed', String(value));
    $('hand').textContent = value ? 'Lower hand' : 'Raise hand';
    $('hand-state').textContent = value ? 'Hand raised' : 'Hand down';
  }

  // A participant waiting in the lobby sees the waiting screen instead of the room (and hears nothing of it).
  function setWaiting(value) {
    waiting = value;
    $('lobby').hidden = !value;
    $('participants-title').hidden = value;
    $('participants').hidden = value;
    $('member-controls').hidden = value;
    $('status').hidden = value; // "you hear the room" is not true while waiting
  }

  // Takes the roster message's participants; returns the admitted ones for the Participants list, fills the Waiting list.
  function roster(participants) {
    const self = participants.find((p) => p.self);
    if (self) {
      setHand(self.handRaised === true);
      setWaiting(self.waiting === true);
    }
    const admitted = participants.filter((p) => !p.waiting);
    const queued = waiting ? [] : participants.filter((p) => p.waiting);
    const list = $('waiting');
    list.replaceChildren(...queued.map(waitingItem));
    list.hidden = queued.length === 0;
    $('waiting-title').hidden = queued.length === 0;
    return waiting ? [] : admitted;
  }

  function waitingItem(participant) {
    const item = document.createElement('li');
    const label = document.createElement('span');
    label.id = 'member-label-' + (++labelCount);
    label.textContent = participant.label + ' is waiting';
    item.appendChild(label);
    if (role === 'moderator') {
      item.appendChild(button('Admit', label.id, () => send({ type: 'moderate', action: 'admit', id: participant.id })));
      item.appendChild(button('Deny', label.id, () => send({ type: 'moderate', action: 'deny', id: participant.id }), 'leave'));
    }
    return item;
  }

  // The states a roster item says in words (app.js shows them in brackets after the name).
  function tags(participant, list) {
    if (participant.handRaised) list.push('hand raised');
    if (participant.talking) list.push('talking');
    if (participant.waiting) list.push('waiting');
  }

  // Gives the item's label an id (the buttons' accessible description) and, for a moderator, the item's controls.
  function decorate(item, participant) {
    item.classList.toggle('talking', participant.talking === true);
    item.dataset.id = participant.id;
    if (role !== 'moderator' || participant.self) {
      return;
    }
    const label = item.firstElementChild;
    label.id = 'member-label-' + (++labelCount);
    const actions = document.createElement('span');
    actions.className = 'member-actions';
    actions.appendChild(participant.muted
      ? button('Unmute', label.id, () => send({ type: 'moderate', action: 'unmute', id: participant.id }))
      : button('Mute', label.id, () => send({ type: 'moderate', action: 'mute', id: participant.id })));
    actions.appendChild(button('Remove', label.id, () => send({ type: 'moderate', action: 'remove', id: participant.id }), 'leave'));
    if (participant.kind === 'phone') {
      actions.appendChild(button('Rename', label.id, () => rename(item, participant)));
    }
    item.appendChild(actions);
  }

  function rename(item, participant) {
    const form = document.createElement('form');
    form.className = 'rename';
    const input = document.createElement('input');
    input.id = 'rename-' + (++labelCount);
    input.maxLength = 40;
    input.value = participant.label;
    const label = document.createElement('label');
    label.htmlFor = input.id;
    label.textContent = 'New name for ' + participant.label;
    const save = document.createElement('button');
    save.type = 'submit';
    save.textContent = 'Save name';
    form.append(label, input, save);
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      send({ type: 'moderate', action: 'rename', id: participant.id, name: input.value.trim() });
      form.remove();
    });
    item.appendChild(form);
    input.focus();
  }

  function button(name, describedBy, onClick, className) {
    const control = document.createElement('button');
    control.type = 'button';
    control.textContent = name;
    control.setAttribute('aria-describedby', describedBy);
    if (className) control.className = className;
    control.addEventListener('click', onClick);
    return control;
  }

  function onMessage(message) {
    switch (message.type) {
      case 'refused-action':
        showAlert(message.message || 'That is not possible.');
        break;
      case 'action-done':
        showAlert('');
        break;
      default:
        break;
    }
  }

  // The room's lock state from the roster (whoever changed it: a moderator here or elsewhere, a phone's keypad, the admin
  // API): as text, and only the button that changes it.
  function roomState(locked) {
    if (typeof locked !== 'boolean') return;
    $('room-state').textContent = locked ? 'Room locked' : 'Room open';
    $('lock').hidden = locked;
    $('unlock').hidden = !locked;
  }

  return { attach, entered, left, roster, tags, decorate, onMessage, roomState };
})();
