// Drives Chromium 156 (/usr/bin/chromium) over --remote-debugging-pipe: createOffer in a page, answer it with Bridge.Sdp, setRemoteDescription.
import { spawn, execFileSync } from 'node:child_process';
import { writeFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, resolve } from 'node:path';

// Run from the repository: unshare -n sh -c 'ip link set lo up; node tests/Bridge.Sdp.Tests/WebRtc/browser-check/check.mjs'
// Prints OK/REJECTED per variant; the two "control" variants must be REJECTED (proves the check can fail).
const here = dirname(fileURLToPath(import.meta.url));
const project = resolve(here, '../../../../src/Bridge.Sdp/Bridge.Sdp.csproj');

const dir = mkdtempSync('/tmp/websdp-chrome-');
writeFileSync(dir + '/answer.cs', readFileSync(here + '/answer-app.cs.txt', 'utf8').replace('PROJECT', project));
const chrome = spawn('/usr/bin/chromium', ['--headless=new', '--no-sandbox', '--disable-gpu', '--use-fake-device-for-media-stream',
  '--use-fake-ui-for-media-stream', '--allow-loopback-in-peer-connection', '--disable-features=WebRtcHideLocalIpsWithMdns',
  '--host-resolver-rules=MAP * ~NOTFOUND', '--disable-background-networking', '--disable-component-update', '--no-first-run',
  '--disable-sync', '--remote-debugging-pipe', '--user-data-dir=' + dir, 'about:blank'], { stdio: ['ignore', 'ignore', 'ignore', 'pipe', 'pipe'] });
const out = chrome.stdio[3], inp = chrome.stdio[4];
let id = 0; const waiting = new Map(); let buf = '';
inp.on('data', d => { buf += d.toString(); let i; while ((i = buf.indexOf('\0')) >= 0) { const m = JSON.parse(buf.slice(0, i)); buf = buf.slice(i + 1); if (m.id && waiting.has(m.id)) { waiting.get(m.id)(m); waiting.delete(m.id); } } });
const send = (method, params = {}, sessionId) => new Promise(r => { const m = { id: ++id, method, params }; if (sessionId) m.sessionId = sessionId; waiting.set(id, r); out.write(JSON.stringify(m) + '\0'); });
const evalIn = async (s, expr) => { const r = await send('Runtime.evaluate', { expression: expr, awaitPromise: true, returnByValue: true }, s); if (r.error || r.result.exceptionDetails) throw new Error(JSON.stringify(r.error || r.result.exceptionDetails)); return r.result.result.value; };

try {
  const { result: { targetId } } = await send('Target.createTarget', { url: 'about:blank' });
  const { result: { sessionId: s } } = await send('Target.attachToTarget', { targetId, flatten: true });
  const version = await evalIn(s, 'navigator.userAgent');
  console.log('browser:', version);
  for (const variant of ['audio+video', 'audio+video+data', 'webaudio track+video', 'control: answer with setup:actpass', 'control: answer with mid renamed']) {
    const offer = await evalIn(s, `(async () => {
      window.pc = new RTCPeerConnection({ bundlePolicy: 'max-bundle', rtcpMuxPolicy: 'require' });
      if ('${variant}' === 'webaudio track+video') { const st = new AudioContext().createMediaStreamDestination().stream; pc.addTrack(st.getAudioTracks()[0], st); }
      else pc.addTransceiver('audio', { direction: 'sendrecv' });
      pc.addTransceiver('video', { direction: 'sendrecv' });
      if ('${variant}'.includes('data')) pc.createDataChannel('chat');
      const o = await pc.createOffer(); await pc.setLocalDescription(o); return o.sdp; })()`);
    writeFileSync(dir + '/offer.sdp', offer);
    let answer = execFileSync('dotnet', ['run', dir + '/answer.cs', dir + '/offer.sdp'], { encoding: 'utf8' });
    if (variant.includes('actpass')) answer = answer.replace('a=setup:passive', 'a=setup:actpass');
    if (variant.includes('mid renamed')) answer = answer.replace('a=mid:0', 'a=mid:zz').replace('BUNDLE 0', 'BUNDLE zz');
    const res = await evalIn(s, `(async () => { try { await pc.setRemoteDescription({ type: 'answer', sdp: ${JSON.stringify(answer)} });
      return 'OK signalingState=' + pc.signalingState + ' transceivers=' + pc.getTransceivers().map(t => t.mid + ':' + t.currentDirection).join(',')
        + ' sctp=' + (pc.sctp ? pc.sctp.state : 'none') + ' remote m-lines=' + pc.remoteDescription.sdp.split('\\r\\n').filter(l => l.startsWith('m=')).join(' | ');
      } catch (e) { return 'REJECTED ' + e.name + ': ' + e.message; } })()`);
    console.log(variant + ':', res);
    if (variant === 'webaudio track+video') { console.log('--- offer m-lines:', offer.split('\r\n').filter(l => l.startsWith('m=') || l.startsWith('a=group')).join(' | ')); console.log('--- answer:\n' + answer); }
  }
} catch (e) { console.log('ERROR', e); }
chrome.kill();
process.exit(0);
