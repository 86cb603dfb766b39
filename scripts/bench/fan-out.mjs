// Fan-out, an independent client (Node's raw TCP sockets and its own WebSocket framing, none of the
// server's or the bench command's code), to check `onrabble-server.jar bench` against: connects
// PUBLISHERS + SUBSCRIBERS with the tokens in TOKENS_FILE (publishers first, as the bench command
// reads them), raises the publishers' rate limits with the admin token in ADMIN_TOKEN_FILE, sends
// RATE messages a second across the publishers for SECONDS, and prints what the subscribers read:
// deliveries/s, loss and latency percentiles (from a send time carried in the message text). Usage:
//   node scripts/bench/fan-out.mjs ws://127.0.0.1:8080/ws tokens.txt admin-token.txt SUBSCRIBERS PUBLISHERS RATE SECONDS
import { readFileSync } from 'node:fs';
import net from 'node:net';
import crypto from 'node:crypto';

const [url, tokensFile, adminFile, subsText, pubsText, rateText, secondsText = '10'] = process.argv.slice(2);
const { hostname, port, pathname } = new URL(url);
const tokens = readFileSync(tokensFile, 'utf8').split('\n').map(s => s.trim()).filter(Boolean);
const admin = readFileSync(adminFile, 'utf8').trim();
const subscribers = Number(subsText), publishers = Number(pubsText), rate = Number(rateText), seconds = Number(secondsText);
if (tokens.length < subscribers + publishers) throw new Error(`${tokensFile} holds ${tokens.length} tokens, ${subscribers + publishers} needed`);

const CHAT = Buffer.from('{"type":"chat_message"'), TEXT = Buffer.from('"message":"node ');
const LIVE = [Buffer.from('{"type":"connected_users"'), Buffer.from('{"type":"presence"')];
let measuring = false, delivered = 0, closed = 0;
const latencies = [];  // ms of every measured delivery (sorted once at the end)

function connect(token, onLive, onText) {
  const socket = net.connect({ host: hostname, port: Number(port) });
  socket.setNoDelay(true);
  let head = true, buffered = Buffer.alloc(0), live = false;
  socket.on('connect', () => socket.write(`GET ${pathname}?token=${token} HTTP/1.1\r\nHost: ${hostname}:${port}\r\n`
    + `Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: ${crypto.randomBytes(16).toString('base64')}\r\n`
    + 'Sec-WebSocket-Version: 13\r\n\r\n'));
  socket.on('data', chunk => {
    buffered = buffered.length ? Buffer.concat([buffered, chunk]) : chunk;
    if (head) {
      const end = buffered.indexOf('\r\n\r\n');
      if (end < 0) return;
      if (!buffered.subarray(0, 12).toString().includes('101')) throw new Error('upgrade refused: ' + buffered.subarray(0, end));
      head = false;
      buffered = buffered.subarray(end + 4);
    }
    while (buffered.length >= 2) {  // server frames are unmasked; messages here are never fragmented
      let length = buffered[1] & 0x7f, offset = 2;
      if (length === 126) { if (buffered.length < 4) return; length = buffered.readUInt16BE(2); offset = 4; }
      else if (length === 127) { if (buffered.length < 10) return; length = Number(buffered.readBigUInt64BE(2)); offset = 10; }
      if (buffered.length < offset + length) return;
      const payload = buffered.subarray(offset, offset + length);
      buffered = buffered.subarray(offset + length);
      if ((buffered.length === 0)) buffered = Buffer.alloc(0);
      if (!live) { if (LIVE.some(p => payload.subarray(0, p.length).equals(p))) { live = true; onLive(); } }
      else onText(payload);
    }
  });
  socket.on('error', e => { console.error('socket error', e.message); process.exit(1); });
  socket.on('close', () => { if (measuring) closed++; });
  return socket;
}

function frame(text) {  // a masked client text frame
  const data = Buffer.from(text), mask = crypto.randomBytes(4);
  const header = data.length < 126 ? Buffer.from([0x81, 0x80 | data.length]) : Buffer.from([0x81, 0xfe, data.length >> 8, data.length & 0xff]);
  for (let i = 0; i < data.length; i++) data[i] ^= mask[i & 3];
  return Buffer.concat([header, mask, data]);
}

function onSubscriberText(payload) {
  if (!measuring || !payload.subarray(0, CHAT.length).equals(CHAT)) return;
  const at = payload.indexOf(TEXT);
  if (at < 0) return;
  const sent = Number(payload.subarray(at + TEXT.length, payload.indexOf(0x22, at + TEXT.length)).toString());
  delivered++;
  latencies.push(performance.now() - sent / 1000);
}

const started = performance.now();
let live = 0;
const sockets = [];
await new Promise(resolve => {
  let next = 0;
  const openOne = () => {
    if (next >= subscribers + publishers) return;
    const i = next++;
    sockets[i] = connect(tokens[i], () => { live++; if (live === subscribers + publishers) resolve(); else openOne(); },
      i < publishers ? () => {} : onSubscriberText);
  };
  for (let i = 0; i < Math.min(200, subscribers + publishers); i++) openOne();
});
console.log(JSON.stringify({ connected: live, connect_seconds: +((performance.now() - started) / 1000).toFixed(2) }));

const sub = token => JSON.parse(Buffer.from(token.split('.')[1], 'base64url')).sub;
for (const token of tokens.slice(0, publishers)) {
  for (let tries = 0; ; tries++) {
    const response = await fetch(`http://${hostname}:${port}/ratelimits/users/${encodeURIComponent(sub(token))}`, {
      method: 'PUT', headers: { Authorization: `Bearer ${admin}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ message_limit: 10000, window_seconds: 1 }) });
    if (response.status === 200) break;
    if (response.status !== 404 || tries > 150) throw new Error('rate limit override answered ' + response.status);
    await new Promise(r => setTimeout(r, 100));
  }
}

measuring = true;
let sent = 0, turn = 0;
const begin = performance.now();
const pacer = setInterval(() => {
  const due = Math.floor(rate * (performance.now() - begin) / 1000);
  for (; sent < due; sent++) {
    const text = `{"type":"chat_message","channel":"General","message":"node ${Math.round(performance.now() * 1000)}"}`;
    sockets[turn++ % publishers].write(frame(text));
  }
}, 2);
let last = 0;
const ticker = setInterval(() => { console.error(`sent ${sent} delivered/s ${delivered - last}`); last = delivered; }, 1000);
await new Promise(r => setTimeout(r, seconds * 1000));
clearInterval(pacer);
const window = (performance.now() - begin) / 1000, inWindow = delivered;
for (let quiet = 0, before = -1; delivered < sent * subscribers && quiet < 1; ) {
  await new Promise(r => setTimeout(r, 1000));
  if (delivered === before) quiet++;
  before = delivered;
}
clearInterval(ticker);
latencies.sort((a, b) => a - b);
const pct = p => +(latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p / 100))] ?? 0).toFixed(2);
console.log(JSON.stringify({ subscribers, publishers, rate, seconds: +window.toFixed(1), sent,
  deliveries_per_second: Math.round(inWindow / window), expected: sent * subscribers, delivered,
  closed_by_server: closed, loss_percent: +(100 * (sent * subscribers - delivered) / (sent * subscribers)).toFixed(2),
  latency_ms: { p50: pct(50), p90: pct(90), p99: pct(99), p99_9: pct(99.9), max: pct(100) } }));
for (const restore of tokens.slice(0, publishers)) {
  await fetch(`http://${hostname}:${port}/ratelimits/users/${encodeURIComponent(sub(restore))}`,
    { method: 'DELETE', headers: { Authorization: `Bearer ${admin}` } });
}
measuring = false;
sockets.forEach(s => s.destroy());
process.exit(0);
