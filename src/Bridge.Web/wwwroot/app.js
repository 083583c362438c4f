// Bridge room page: PIN check and WebRTC audio over the bridge's own signalling socket (/ws).
// Order (the bridge enforces it): join {room, pin, name} -> accepted -> microphone -> offer -> answer -> roster.
'use strict';

(() => {
  const $ = (id) => document.getElementById(id);
  const ROOM_PATH = /^\/rooms\/([0-9]{1,32})\/?$/;
  let socket = null;
  let peer = null;
  let stream = null;
  let inRoom = false;
  let failed = false;
  let muted = false;

  function init() {
    const match = location.pathname.match(ROOM_PATH);
    if (match) {
      $('room').value = match[1];
    }
    $('join-form').addEventListener('submit', onSubmit);
    $('mute').addEventListener('click', () => send({ type: 'mute', muted: !muted }));
    $('leave').addEventListener('click', leave);
    if (window.bridgeMembers) window.bridgeMembers.attach(send);
  }

  // Timing marks (Performance API) of a join, for diagnostics and the browser tests: join, accepted, microphone, offer,
  // answer, connected.
  function mark(name) {
    if (window.performance && performance.mark) {
      performance.mark('bridge-' + name);
    }
  }

  function showAlert(text) {
    const alert = $('alert');
    alert.textContent = text || '';
    alert.hidden = !text;
  }

  function setStatus(text) {
    $('status').textContent = text;
  }

  function send(message) {
    if (socket && socket.readyState === WebSocket.OPEN) {
      socket.send(JSON.stringify(message));
    }
  }

  function onSubmit(event) {
    event.preventDefault();
    const room = $('room').value.trim();
    const pin = $('pin').value.trim();
    const name = $('name').value.trim();
    $('notice').textContent = '';
    if (!/^[0-9]{1,32}$/.test(room)) {
      showAlert('Enter the room number (digits only).');
      $('room').focus();
      return;
    }
    if (!pin) {
      showAlert('Enter the PIN.');
      $('pin').focus();
      return;
    }
    if (!name) {
      showAlert('Enter your name.');
      $('name').focus();
      return;
    }
    showAlert('');
    mark('join');
    $('join').disabled = true;
    $('notice').textContent = 'Checking the PIN…';
    connect(room, pin, name);
  }

  function connect(room, pin, name) {
    failed = false;
    const scheme = location.protocol === 'https:' ? 'wss://' : 'ws://';
    socket = new WebSocket(scheme + location.host + '/ws');
    socket.addEventListener('open', () => send({ type: 'join', room, pin, name }));
    socket.addEventListener('message', (event) => {
      if (event.target !== socket) {
        return; // the socket of a room already left
      }
      let message;
      try {
        message = JSON.parse(event.data);
      } catch {
        return;
      }
      onMessage(message).catch((error) => fail('Could not join: ' + error.message));
    });
    socket.addEventListener('close', onClose);
  }

  async function onMessage(message) {
    switch (message.type) {
      case 'accepted':
        mark('accepted');
        $('pin').value = '';
        await startMedia(message);
        break;
      case 'answer':
        mark('answer');
        await peer.setRemoteDescription({ type: 'answer', sdp: message.sdp });
        setStatus('Connecting…');
        break;
      case 'roster':
        renderRoster(message.participants || []);
        if (window.bridgeMembers && window.bridgeMembers.roomState) window.bridgeMembers.roomState(message.locked);
        if (window.bridgeVideo) window.bridgeVideo.onRoster(message.participants || []);
        break;
      case 'muted':
        setMuted(message.muted === true);
        break;
      case 'refused':
      case 'locked':
      case 'error':
        fail(message.message || 'Could not join the room.');
        break;
      case 'ended':
        endCall(message.message || 'You have left the room.');
        break;
      case 'left':
        endCall('You have left the room.');
        break;
      default:
        if (window.bridgeVideo) window.bridgeVideo.onMessage(message);
        if (window.bridgeMembers) window.bridgeMembers.onMessage(message);
        break;
    }
  }

  async function startMedia(accepted) {
    $('notice').textContent = 'Asking for your microphone…';
    if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
      fail('This browser allows the microphone only on https:// or http://localhost. Open the page that way.');
      return;
    }
    try {
      stream = await navigator.mediaDevices.getUserMedia({ audio: true, video: false });
    } catch (error) {
      fail('The microphone is not available: ' + error.message);
      return;
    }
    mark('microphone');
    peer = new RTCPeerConnection({ iceServers: [], bundlePolicy: 'max-bundle', rtcpMuxPolicy: 'require' });
    for (const track of stream.getAudioTracks()) {
      peer.addTrack(track, stream);
    }
    if (window.bridgeVideo) {
      await window.bridgeVideo.attach(peer, send);
    }
    peer.addEventListener('track', (event) => {
      if (event.track.kind !== 'audio') return; // video: video.js
      $('remote').srcObject = event.streams[0] || new MediaStream([event.track]);
    });
    // The connection's state in words (audio and video travel together over one connection): Connecting…, Connected,
    // Reconnecting… (ICE lost the path and may find it again), Connection lost.
    peer.addEventListener('connectionstatechange', () => {
      switch (peer && peer.connectionState) {
        case 'connecting':
          setStatus('Connecting…');
          break;
        case 'connected':
          mark('connected');
          setStatus('Connected');
          break;
        case 'disconnected':
          setStatus('Reconnecting…');
          break;
        case 'failed':
          setStatus('Connection lost');
          break;
        default:
          break;
      }
    });
    const offer = await peer.createOffer();
    await peer.setLocalDescription(offer);
    await gathered(peer, 3000);
    mark('offer');
    send({ type: 'offer', sdp: peer.localDescription.sdp });
    showRoom(accepted.room, accepted.role);
  }

  // The bridge is ICE-lite and takes no trickled candidates: send the offer once gathering is complete.
  function gathered(connection, limitMs) {
    return new Promise((resolve) => {
      if (connection.iceGatheringState === 'complete') {
        resolve();
        return;
      }
      const timer = setTimeout(resolve, limitMs);
      connection.addEventListener('icegatheringstatechange', () => {
        if (connection.iceGatheringState === 'complete') {
          clearTimeout(timer);
          resolve();
        }
      });
    });
  }

  function showRoom(room, role) {
    inRoom = true;
    $('room-number').textContent = room;
    $('join-view').hidden = true;
    $('room-view').hidden = false;
    setStatus(role === 'moderator' ? 'Joining as moderator…' : 'Joining…');
    setMuted(false);
    if (window.bridgeMembers) window.bridgeMembers.entered(role);
    $('mute').focus();
  }

  function setMuted(value) {
    muted = value;
    if (stream) {
      for (const track of stream.getAudioTracks()) {
        track.enabled = !value;
      }
    }
    $('mute').setAttribute('aria-pressed', String(value));
    const state = $('mic-state');
    state.textContent = value ? 'Microphone muted' : 'Microphone on';
    state.className = 'state ' + (value ? 'state-off' : 'state-on');
  }

  function renderRoster(participants) {
    const list = $('participants');
    const shown = window.bridgeMembers ? window.bridgeMembers.roster(participants) : participants;
    const items = shown.map((participant) => {
      const item = document.createElement('li');
      const name = document.createElement('span');
      name.textContent = participant.label;
      item.appendChild(name);
      const tags = [];
      if (participant.self) tags.push('you');
      if (participant.role === 'moderator') tags.push('moderator');
      if (participant.muted) tags.push('muted');
      if (window.bridgeMembers) window.bridgeMembers.tags(participant, tags);
      if (tags.length > 0) {
        const tag = document.createElement('span');
        tag.className = 'tag';
        tag.textContent = ' (' + tags.join(', ') + ')';
        item.appendChild(tag);
      }
      if (window.bridgeMembers) window.bridgeMembers.decorate(item, participant);
      return item;
    });
    list.replaceChildren(...items);
  }

  function leave() {
    send({ type: 'leave' });
    socket = null; // the bridge answers 'left' and closes it; a next join opens its own
    endCall('You have left the room.');
  }

  function endCall(text) {
    const wasInRoom = inRoom;
    inRoom = false;
    if (peer) {
      peer.close();
      peer = null;
    }
    if (stream) {
      for (const track of stream.getTracks()) {
        track.stop();
      }
      stream = null;
    }
    $('remote').srcObject = null;
    if (window.bridgeVideo) window.bridgeVideo.stop();
    $('participants').replaceChildren();
    if (window.bridgeMembers) window.bridgeMembers.left();
    $('room-view').hidden = true;
    $('join-view').hidden = false;
    $('join').disabled = false;
    if (wasInRoom) {
      $('notice').textContent = text;
    }
  }

  function fail(text) {
    failed = true;
    endCall('');
    $('notice').textContent = '';
    showAlert(text);
    if (socket && socket.readyState === WebSocket.OPEN) {
      socket.close(1000);
    }
  }

  function onClose(event) {
    // A left room's socket may close after the next join has opened a new one: only the current socket counts.
    if (event.target !== socket) {
      return;
    }
    socket = null;
    if (failed) {
      return;
    }
    if (inRoom) {
      endCall('The connection to the bridge was lost.');
    } else if ($('join').disabled) {
      fail('Could not reach the bridge, or joining from a browser is not available on it.');
    }
  }

  // Diagnostics (and the browser tests): the peer connection's statistics, or null when not in a room.
  window.bridgeStats = () => (peer ? peer.getStats() : Promise.resolve(null));

  init();
})();
