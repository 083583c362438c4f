// Bridge admin dashboard (/admin): live rooms and participants from the admin API (/api/v1), with the moderator actions.
// Either the API token is typed by the admin, kept in sessionStorage only (this tab; never a cookie, never in the URL) and sent
// as "Authorization: Bearer"; or, when the bridge has Bridge:Admin:Oidc, the admin signs in at the company's provider and
// the page uses the session cookie (HttpOnly, SameSite=Strict) with the session's anti-CSRF token in X-Bridge-CSRF on every
// call (GET /admin/session gives it). All text from the API is set with textContent: nothing from it is ever parsed as HTML.
'use strict';

(() => {
  const $ = (id) => document.getElementById(id);
  const TOKEN_KEY = 'bridge.admin.token';
  const REFRESH_MS = 3000;
  let token = null;
  let oidcOffered = false; // Bridge:Admin:Oidc is configured
  let csrf = null; // set when signed in through the company's provider (a session, not a token)
  let scope = 'read';
  let timer = null;
  let busy = false;

  async function init() {
    $('login-form').addEventListener('submit', onSignIn);
    $('sign-out').addEventListener('click', onSignOut);
    $('sso-sign-in').addEventListener('click', () => { window.location.assign('/admin/signin'); });
    const kept = sessionStorage.getItem(TOKEN_KEY);
    let session = null;
    try {
      const response = await fetch('/admin/session', { credentials: 'same-origin', cache: 'no-store', headers: { Accept: 'application/json' } });
      session = response.ok ? await response.json() : null;
    } catch {
      session = null;
    }
    oidcOffered = Boolean(session && session.oidc);
    $('sso-view').hidden = !oidcOffered;
    if (session && session.signedIn && session.csrf) {
      startSession(session);
    } else if (kept) {
      start(kept, null);
    }
  }

  async function api(method, path, body) {
    const headers = { Accept: 'application/json' };
    if (csrf) {
      headers['X-Bridge-CSRF'] = csrf;
    } else {
      headers.Authorization = 'Bearer ' + token;
    }
    if (body !== undefined) {
      headers['Content-Type'] = 'application/json';
    }
    const response = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: csrf ? 'same-origin' : 'omit',
      cache: 'no-store',
    });
    if (response.status === 401) {
      signOut(csrf ? 'Your session has ended. Sign in again.' : 'The token was not accepted (wrong, revoked, or too many attempts). Sign in again.');
      throw new Error('unauthorised');
    }
    return response;
  }

  async function startSession(session) {
    csrf = session.csrf;
    scope = session.scope === 'admin' ? 'admin' : 'read';
    showDashboard('Signed in as "' + session.user + '"');
    await refresh();
    timer = setInterval(refresh, REFRESH_MS);
  }

  function showDashboard(who) {
    $('who').textContent = who + ' (' + (scope === 'admin' ? 'admin: may act' : 'read only') + ')';
    $('who').hidden = false;
    $('sign-out').hidden = false;
    $('login-view').hidden = true;
    $('sso-view').hidden = true;
    $('dashboard-view').hidden = false;
    showLoginAlert('');
  }

  async function onSignOut() {
    if (csrf) {
      try {
        await fetch('/admin/signout', { method: 'POST', headers: { 'X-Bridge-CSRF': csrf }, credentials: 'same-origin', cache: 'no-store' });
      } catch {
        // The session still ends here; the cookie expires on its own.
      }
    }
    signOut('');
  }

  async function problem(response) {
    try {
      const body = await response.json();
      return body.detail || body.title || ('HTTP ' + response.status);
    } catch {
      return 'HTTP ' + response.status;
    }
  }

  function onSignIn(event) {
    event.preventDefault();
    const value = $('token').value.trim();
    if (!value) {
      showLoginAlert('Enter an API token.');
      return;
    }
    start(value, $('sign-in'));
  }

  async function start(value, button) {
    token = value;
    if (button) {
      button.disabled = true;
    }
    try {
      const response = await api('GET', '/api/v1/token');
      if (!response.ok) {
        signOut(await problem(response));
        return;
      }
      const info = await response.json();
      scope = info.scope === 'admin' ? 'admin' : 'read';
      sessionStorage.setItem(TOKEN_KEY, value);
      $('token').value = '';
      showDashboard('Signed in with token "' + info.name + '"');
      await refresh();
      timer = setInterval(refresh, REFRESH_MS);
    } catch (error) {
      if (error.message !== 'unauthorised') {
        signOut('The bridge did not answer: ' + error.message);
      }
    } finally {
      if (button) {
        button.disabled = false;
      }
    }
  }

  function signOut(message) {
    token = null;
    csrf = null;
    sessionStorage.removeItem(TOKEN_KEY);
    if (timer) {
      clearInterval(timer);
      timer = null;
    }
    $('dashboard-view').hidden = true;
    $('login-view').hidden = false;
    $('sso-view').hidden = !oidcOffered;
    $('who').hidden = true;
    $('sign-out').hidden = true;
    $('rooms').replaceChildren();
    callForms.clear();
    showLoginAlert(message);
    $('token').focus();
  }

  function showLoginAlert(text) {
    $('login-alert').textContent = text || '';
    $('login-alert').hidden = !text;
  }

  function showActionAlert(text) {
    $('action-alert').textContent = text || '';
    $('action-alert').hidden = !text;
  }

  async function refresh() {
    if ((!token && !csrf) || busy) {
      return;
    }
    busy = true;
    try {
      const [rooms, service] = await Promise.all([api('GET', '/api/v1/rooms'), api('GET', '/api/v1/service')]);
      if (rooms.ok) {
        renderRooms((await rooms.json()).rooms || []);
      }
      if (service.ok) {
        renderHealth(await service.json());
      }
      $('refresh-status').textContent = 'Updated ' + new Date().toLocaleTimeString() + ' · every ' + REFRESH_MS / 1000 + ' s';
    } catch (error) {
      if (error.message !== 'unauthorised') {
        $('refresh-status').textContent = 'Not updated: the bridge did not answer (' + error.message + ')';
      }
    } finally {
      busy = false;
    }
  }

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) {
      node.className = className;
    }
    if (text !== undefined && text !== null) {
      node.textContent = String(text);
    }
    return node;
  }

  function tag(text, kind, extra) {
    return el('span', 'tag tag-' + kind + (extra ? ' ' + extra : ''), text);
  }

  function actionButton(text, describedBy, key, danger, run) {
    const button = el('button', danger ? 'danger' : 'quiet', text);
    button.type = 'button';
    button.dataset.key = key;
    button.setAttribute('aria-describedby', describedBy);
    button.addEventListener('click', async () => {
      button.disabled = true;
      showActionAlert('');
      try {
        const response = await api('POST', run);
        if (response.status !== 204) {
          showActionAlert(text + ' failed: ' + await problem(response));
        }
      } catch (error) {
        if (error.message !== 'unauthorised') {
          showActionAlert(text + ' failed: ' + error.message);
        }
      } finally {
        button.disabled = false;
        await refresh();
      }
    });
    return button;
  }

  function renderRooms(rooms) {
    const focused = document.activeElement && document.activeElement.dataset ? document.activeElement.dataset.key : null;
    const typing = document.activeElement && document.activeElement.classList.contains('dial-number') ? document.activeElement : null;
    const open = rooms.filter((room) => room.open || (room.participants && room.participants.length > 0));
    const container = $('rooms');
    const cards = open.map((room, index) => renderRoom(room, index));
    container.replaceChildren(...cards);
    const idle = rooms.length - open.length;
    $('no-rooms').hidden = open.length > 0;
    $('no-rooms').textContent = 'No room is open' + (idle > 0 ? ' (' + idle + ' configured, all empty).' : '.');
    if (typing && container.contains(typing)) {
      typing.focus();
    } else if (focused) {
      const again = container.querySelector('button[data-key="' + CSS.escape(focused) + '"]');
      if (again) {
        again.focus();
      }
    }
  }

  function renderRoom(room, index) {
    const card = el('section', 'card room');
    const headingId = 'room-' + index;
    card.setAttribute('aria-labelledby', headingId);
    const head = el('div', 'room-head');
    const title = el('h3', null, 'Room ' + room.number + (room.name ? ' · ' + room.name : ''));
    title.id = headingId;
    head.append(title);
    head.append(room.locked ? tag('locked', 'warn') : tag('open to join', 'plain'));
    const count = room.participants.length;
    head.append(el('span', 'room-meta', count + (count === 1 ? ' participant' : ' participants')));
    if (scope === 'admin') {
      const actions = el('div', 'actions');
      const base = '/api/v1/rooms/' + encodeURIComponent(room.number);
      actions.append(room.locked
        ? actionButton('Unlock', headingId, 'lock-toggle:' + room.number, false, base + '/unlock')
        : actionButton('Lock', headingId, 'lock-toggle:' + room.number, false, base + '/lock'));
      actions.append(actionButton('End', headingId, 'end:' + room.number, true, base + '/end'));
      head.append(actions);
    }
    card.append(head);
    if (scope === 'admin') {
      card.append(callForm(room.number));
    }

    const table = el('table');
    table.setAttribute('aria-labelledby', headingId);
    const headRow = el('tr');
    const columns = ['Participant', 'Kind', 'Codec', 'Media', 'Audio', 'Talking', 'Quality', 'Joined'];
    if (scope === 'admin') {
      columns.push('Actions');
    }
    for (const name of columns) {
      const th = el('th', null, name);
      th.scope = 'col';
      headRow.append(th);
    }
    const thead = el('thead');
    thead.append(headRow);
    table.append(thead);
    const body = el('tbody');
    room.participants.forEach((p, n) => body.append(renderParticipant(room, p, headingId + '-p' + n)));
    table.append(body);
    const wrap = el('div', 'table-wrap');
    wrap.append(table);
    card.append(wrap);
    return card;
  }

  // The room's "Call" form (dial-out through the API). Kept across refreshes, so a number being typed and the call's
  // status line survive the 3-second re-render.
  const callForms = new Map();

  function callForm(number) {
    const kept = callForms.get(number);
    if (kept) {
      return kept;
    }
    const id = 'dial-' + callForms.size;
    const form = el('form', 'dialout');
    form.noValidate = true;
    const label = el('label', null, 'Phone number');
    label.htmlFor = id;
    const input = el('input', 'dial-number');
    input.id = id;
    input.type = 'tel';
    input.autocomplete = 'off';
    input.maxLength = 32;
    const button = el('button', 'quiet', 'Call');
    button.type = 'submit';
    const status = el('span', 'room-meta');
    status.setAttribute('role', 'status');
    form.append(label, input, button, status);
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      dialOut(number, input, button, status);
    });
    callForms.set(number, form);
    return form;
  }

  const DIAL_TEXT = {
    calling: 'Calling…', answered: 'Answered: hearing the invitation.', joined: 'Joined the room.',
    declined: 'Declined.', 'no-answer': 'No answer.', failed: 'The call failed.',
  };

  async function dialOut(room, input, button, status) {
    const number = input.value.trim();
    if (!/^[0-9+*#]{1,32}$/.test(number)) {
      status.textContent = 'Enter a phone number: digits only (+, * and # allowed).';
      input.focus();
      return;
    }
    button.disabled = true;
    status.textContent = 'Asking the bridge to call…';
    const base = '/api/v1/rooms/' + encodeURIComponent(room) + '/dialout';
    try {
      const response = await api('POST', base, { number });
      if (response.status !== 202) {
        status.textContent = 'Call failed: ' + await problem(response);
        return;
      }
      input.value = '';
      let call = await response.json();
      status.textContent = call.number + ': ' + (DIAL_TEXT[call.state] || call.state);
      for (let i = 0; i < 120 && (call.state === 'calling' || call.state === 'answered'); i++) {
        await new Promise((resolve) => setTimeout(resolve, 1000));
        const poll = await api('GET', base + '/' + encodeURIComponent(call.id));
        if (!poll.ok) {
          break;
        }
        call = await poll.json();
        status.textContent = call.number + ': ' + (DIAL_TEXT[call.state] || call.state);
      }
    } catch (error) {
      if (error.message !== 'unauthorised') {
        status.textContent = 'Call failed: ' + error.message;
      }
    } finally {
      button.disabled = false;
    }
  }

  function renderParticipant(room, p, labelId) {
    const row = el('tr');
    const label = el('td', null, p.label);
    label.id = labelId;
    row.append(label);
    row.append(el('td', null, p.kind === 'browser' ? 'browser' : 'phone'));
    row.append(el('td', null, p.codec || '—'));
    const media = el('td');
    media.append(p.secure ? tag(p.transport === 'webrtc' ? 'encrypted (DTLS-SRTP)' : 'encrypted (SRTP)', 'ok') : tag('not encrypted', 'warn'));
    row.append(media);
    const audio = el('td');
    audio.append(p.muted ? tag('muted', 'bad') : tag('live', 'ok'));
    row.append(audio);
    const talking = el('td');
    talking.append(p.talking ? tag('talking', 'ok', 'talking') : tag('silent', 'plain'));
    row.append(talking);
    row.append(qualityCell(p.quality));
    const joined = new Date(p.joinedAt);
    const when = el('td', 'num joined', isNaN(joined) ? '—' : joined.toLocaleTimeString());
    if (!isNaN(joined)) {
      when.append(el('div', 'room-meta', since(joined) + ' ago'));
    }
    row.append(when);
    if (scope === 'admin') {
      const cell = el('td');
      const actions = el('div', 'actions');
      const base = '/api/v1/rooms/' + encodeURIComponent(room.number) + '/participants/' + encodeURIComponent(p.id);
      actions.append(p.muted
        ? actionButton('Unmute', labelId, 'mute-toggle:' + p.id, false, base + '/unmute')
        : actionButton('Mute', labelId, 'mute-toggle:' + p.id, false, base + '/mute'));
      actions.append(actionButton('Remove', labelId, 'remove:' + p.id, true, base + '/remove'));
      cell.append(actions);
      row.append(cell);
    }
    return row;
  }

  function qualityCell(q) {
    const cell = el('td', 'num quality');
    if (!q) {
      cell.append(tag('no audio yet', 'plain'));
      return cell;
    }
    const grade = q.mos >= 4.0 ? ['good', 'ok'] : q.mos >= 3.6 ? ['fair', 'warn'] : ['poor', 'bad'];
    cell.append(tag('MOS ' + q.mos.toFixed(1) + ' ' + grade[0], grade[1]));
    const details = 'loss ' + q.lossPercent.toFixed(1) + ' % · jitter ' + q.jitterMs.toFixed(1) + ' ms' +
      (q.rttMs === null || q.rttMs === undefined ? '' : ' · RTT ' + Math.round(q.rttMs) + ' ms');
    cell.append(el('div', 'room-meta', details));
    return cell;
  }

  function since(date) {
    const seconds = Math.max(0, Math.round((Date.now() - date.getTime()) / 1000));
    if (seconds < 60) {
      return seconds + ' s';
    }
    const minutes = Math.floor(seconds / 60);
    return minutes < 60 ? minutes + ' min' : Math.floor(minutes / 60) + ' h ' + (minutes % 60) + ' min';
  }

  // A mixer thread past 256 listeners hands each tick's sends to its send thread: when they were out, and what fell behind.
  function sendState(mixer) {
    if (!mixer.sendCompletionP99Micros && !mixer.sendsBehind && !mixer.sendsDropped) {
      return 'not in use (≤ 256 listeners a thread)';
    }
    const text = 'out ' + (mixer.sendCompletionP99Micros / 1000).toFixed(1) + ' ms after the deadline (p99); '
      + mixer.sendsBehind + ' ticks late, ' + mixer.sendsDropped + ' dropped';
    return mixer.sendsDropped > 0 ? text + ' (the machine fell behind)' : text;
  }

  function renderHealth(service) {
    const items = [
      ['Version', service.version],
      ['Up for', since(new Date(Date.now() - service.uptimeSeconds * 1000))],
      ['Open rooms', service.openRooms],
      ['Participants', service.participants],
    ];
    const mixer = service.mixer;
    if (mixer) {
      items.push(['Mixer threads', mixer.threads + ' (' + mixer.realtimeThreads + ' real-time)']);
      items.push(['Mixer overruns', mixer.overruns + (mixer.overruns > 0 ? ' (the machine fell behind)' : ' (none)')]);
      items.push(['Skipped ticks', mixer.skippedTicks]);
      items.push(['Tick time p99', (mixer.tickDurationP99Micros / 1000).toFixed(2) + ' ms of 20 ms']);
      items.push(['Tick lateness p99', (mixer.tickLatenessP99Micros / 1000).toFixed(2) + ' ms']);
      items.push(['Send threads', sendState(mixer)]);
    }
    const plan = service.dialPlan;
    if (plan && plan.lastReloadFailed !== undefined) {
      items.push(['Dial plan', plan.lastReloadFailed ? 'last reload FAILED (previous plan in use)' : 'loaded']);
    }
    const list = $('health');
    list.replaceChildren(...items.map(([name, value]) => {
      const pair = el('div');
      pair.append(el('dt', null, name), el('dd', null, value));
      return pair;
    }));
  }

  document.addEventListener('DOMContentLoaded', init);
})();
