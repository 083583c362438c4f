// Bridge room page, video: camera on joining, a Share screen button, and a grid of tiles, one per participant (phones
// get a tile with their label and no video). The bridge forwards video and never decodes it. Scheme (fixed slots, no
// renegotiation): the offer carries the camera and the screen as two sendonly video m-lines and SLOTS recvonly ones;
// the bridge's 'video' messages say which participant (roster id) each recvonly m-line's mid shows, and which videos
// have no free slot (paused: their tiles say so; the bridge gives a freed slot to the longest-waiting one). Sharing the screen
// only replaces the (empty) screen sender's track and tells the bridge {type:'screen', sharing}.
'use strict';

(() => {
  const SLOTS = 8;
  const $ = (id) => document.getElementById(id);
  let peer = null;
  let send = () => {};
  let camera = null;
  let screen = null;
  let cameraSender = null;
  let screenSender = null;
  let slots = [];
  let paused = []; // videos the bridge has no free slot for here: their tiles say "video paused"
  let roster = [];
  const tiles = new Map();

  async function attach(connection, sender) {
    peer = connection;
    send = sender;
    try {
      camera = await navigator.mediaDevices.getUserMedia({ video: { width: 640, height: 360, frameRate: 15 }, audio: false });
    } catch {
      camera = null; // no camera (or refused): the others see the tile without video
    }
    const cameraTrack = camera ? camera.getVideoTracks()[0] : null;
    cameraSender = connection.addTransceiver(cameraTrack || 'video', { direction: 'sendonly', streams: camera ? [camera] : [] }).sender;
    screenSender = connection.addTransceiver('video', { direction: 'sendonly' }).sender;
    for (let i = 0; i < SLOTS; i++) {
      connection.addTransceiver('video', { direction: 'recvonly' });
    }
    const share = $('share');
    share.hidden = !(navigator.mediaDevices && navigator.mediaDevices.getDisplayMedia);
    setSharing(false);
    render();
  }

  function receivedTrack(mid) {
    if (!peer) return null;
    const transceiver = peer.getTransceivers().find((t) => t.mid === mid);
    return transceiver ? transceiver.receiver.track : null;
  }

  function onMessage(message) {
    if (message.type !== 'video') return false;
    slots = Array.isArray(message.slots) ? message.slots : [];
    paused = Array.isArray(message.paused) ? message.paused : [];
    render();
    return true;
  }

  function onRoster(participants) {
    roster = participants;
    render();
  }

  function show(video, track, local) {
    if (!track) {
      if (video.srcObject) video.srcObject = null;
      video.hidden = true;
      return;
    }
    const current = video.srcObject ? video.srcObject.getVideoTracks()[0] : null;
    if (current !== track) {
      video.srcObject = local || new MediaStream([track]);
    }
    video.hidden = false;
  }

  function tileFor(participant) {
    let tile = tiles.get(participant.id);
    if (!tile) {
      const item = document.createElement('li');
      item.className = 'tile';
      item.dataset.participant = participant.id;
      const figure = document.createElement('figure');
      const cameraVideo = document.createElement('video');
      const screenVideo = document.createElement('video');
      for (const video of [cameraVideo, screenVideo]) {
        video.autoplay = true;
        video.muted = true; // the room's audio plays from the one audio element
        video.playsInline = true;
        video.hidden = true;
      }
      cameraVideo.className = 'camera';
      screenVideo.className = 'screen';
      const caption = document.createElement('figcaption');
      const note = document.createElement('span');
      note.className = 'tag';
      figure.append(cameraVideo, screenVideo, caption);
      caption.append(document.createElement('span'), note);
      item.appendChild(figure);
      tile = { item, cameraVideo, screenVideo, name: caption.firstChild, note };
      tiles.set(participant.id, tile);
    }
    return tile;
  }

  function render() {
    const list = $('tiles');
    if (!list) return;
    const seen = new Set();
    const items = roster.map((participant) => {
      seen.add(participant.id);
      const tile = tileFor(participant);
      const label = participant.label + (participant.self ? ' (you)' : '');
      tile.name.textContent = label;
      tile.item.setAttribute('aria-label', label);
      tile.cameraVideo.setAttribute('aria-label', participant.label + ': camera');
      tile.screenVideo.setAttribute('aria-label', participant.label + ': shared screen');
      let cameraTrack = null;
      let screenTrack = null;
      if (participant.self) {
        cameraTrack = camera ? camera.getVideoTracks()[0] : null;
        screenTrack = screen ? screen.getVideoTracks()[0] : null;
      } else {
        for (const slot of slots) {
          if (slot.id !== participant.id) continue;
          if (slot.screen) screenTrack = receivedTrack(slot.mid);
          else cameraTrack = receivedTrack(slot.mid);
        }
      }
      show(tile.cameraVideo, cameraTrack, participant.self ? camera : null);
      show(tile.screenVideo, screenTrack, participant.self ? screen : null);
      const notes = [];
      const isPaused = (screen) => !participant.self && paused.some((p) => p.id === participant.id && p.screen === screen);
      if (participant.kind === 'phone') notes.push('phone, no video');
      else if (!cameraTrack) notes.push(isPaused(false) ? 'video paused' : 'no video');
      if (screenTrack) notes.push('sharing the screen');
      else if (isPaused(true)) notes.push('screen paused');
      tile.note.textContent = notes.length ? ' (' + notes.join(', ') + ')' : '';
      return tile.item;
    });
    for (const id of [...tiles.keys()]) {
      if (!seen.has(id)) tiles.delete(id);
    }
    list.replaceChildren(...items);
  }

  function setSharing(sharing) {
    const share = $('share');
    share.setAttribute('aria-pressed', String(sharing));
    share.textContent = sharing ? 'Stop sharing' : 'Share screen';
    const state = $('screen-state');
    state.textContent = sharing ? 'Sharing your screen' : 'Screen not shared';
    state.className = 'state ' + (sharing ? 'state-on' : '');
  }

  async function toggleShare() {
    if (!peer || !screenSender) return;
    if (screen) {
      stopSharing();
      return;
    }
    try {
      screen = await navigator.mediaDevices.getDisplayMedia({ video: true, audio: false });
    } catch (error) {
      $('screen-state').textContent = 'Screen not shared: ' + error.message;
      return;
    }
    const track = screen.getVideoTracks()[0];
    track.addEventListener('ended', stopSharing);
    await screenSender.replaceTrack(track);
    send({ type: 'screen', sharing: true });
    setSharing(true);
    render();
  }

  function stopSharing() {
    if (!screen) return;
    for (const track of screen.getTracks()) track.stop();
    screen = null;
    if (screenSender) screenSender.replaceTrack(null).catch(() => {});
    send({ type: 'screen', sharing: false });
    setSharing(false);
    render();
  }

  function stop() {
    for (const stream of [camera, screen]) {
      if (stream) for (const track of stream.getTracks()) track.stop();
    }
    camera = null;
    screen = null;
    peer = null;
    cameraSender = null;
    screenSender = null;
    slots = [];
    paused = [];
    roster = [];
    tiles.clear();
    const list = $('tiles');
    if (list) list.replaceChildren();
    setSharing(false);
  }

  document.addEventListener('DOMContentLoaded', () => {
    $('share').addEventListener('click', () => { toggleShare().catch(() => {}); });
  });

  // For app.js and the browser tests: the mids the bridge forwards into, and who they show.
  window.bridgeVideo = { attach, onMessage, onRoster, stop, slots: () => slots, paused: () => paused, hasCamera: () => camera !== null, sender: () => cameraSender };
})();
