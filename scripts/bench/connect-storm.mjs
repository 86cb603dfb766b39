// Connect storm, an independent client (Node's own sockets and a few lines of RFC 6455, none of
// the server's code): opens one WebSocket per token in TOKENS_FILE, at most CONCURRENCY handshakes
// at a time, and reports when every one is live (has received its presence snapshot:
// connected_users, or presence with ?presence=batch). Usage:
//   node scripts/bench/connect-storm.mjs ws://127.0.0.1:8080/ws tokens.txt 200 [query]
// SOURCES=4 spreads the clients over the source addresses 127.0.0.1..127.0.0.4: one address has one
// ephemeral port range (about 28,000 ports), so 100,000 connections need four.
// Answers pings, so connections can be held (HOLD_SECONDS) past the server's ping timeout; then
// closes them.
import { readFileSync } from 'node:fs';
import net from 'node:net';
import { randomBytes } from 'node:crypto';

const [url, tokensFile, concurrencyText = '200', extraQuery = ''] = process.argv.slice(2);
const { hostname, port, pathname } = new URL(url);
const tokens = readFileSync(tokensFile, 'utf8').split('\n').filter(Boolean);
const concurrency = Number(concurrencyText);
const sources = Number(process.env.SOURCES ?? 1);
const sockets = [];
let next = 0, live = 0, failed = 0;
const failures = {};
const started = performance.now();
const LIVE = [Buffer.from('{"type":"connected_users"'), Buffer.from('{"type":"presence"')];

function openOne() {
  if (next >= tokens.length) return;
  const index = next++;
  const socket = net.connect({ host: hostname, port: Number(port), localAddress: `127.0.0.${1 + index % sources}` });
  sockets.push(socket);
  let done = false, upgraded = false, buffer = Buffer.alloc(0);
  const finish = (ok, why) => {
    if (done) return;
    done = true;
    if (ok) live++; else { failed++; failures[why] = (failures[why] ?? 0) + 1; }
    if (live + failed === tokens.length) report(); else openOne();
  };
  socket.on('connect', () => socket.write(
    `GET ${pathname}?token=${tokens[index]}${extraQuery ? '&' + extraQuery : ''} HTTP/1.1\r\nHost: ${hostname}:${port}\r\n` +
    `Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n` +
    `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\n\r\n`));
  socket.on('data', chunk => {
    buffer = buffer.length ? Buffer.concat([buffer, chunk]) : chunk;
    if (!upgraded) {
      const end = buffer.indexOf('\r\n\r\n');
      if (end < 0) return;
      const status = buffer.subarray(0, 12).toString();
      if (!status.startsWith('HTTP/1.1 101')) { finish(false, status); socket.destroy(); return; }
      upgraded = true;
      buffer = buffer.subarray(end + 4);
    }
    // Server frames are unmasked: FIN/opcode, length (7, 16 or 64 bits), payload.
    while (buffer.length >= 2) {
      const opcode = buffer[0] & 0x0f;
      let length = buffer[1] & 0x7f, offset = 2;
      if (length === 126) { if (buffer.length < 4) return; length = buffer.readUInt16BE(2); offset = 4; }
      else if (length === 127) { if (buffer.length < 10) return; length = Number(buffer.readBigUInt64BE(2)); offset = 10; }
      if (buffer.length < offset + length) return;
      const payload = buffer.subarray(offset, offset + length);
      buffer = buffer.subarray(offset + length);
      if (opcode === 1 && LIVE.some(prefix => payload.subarray(0, prefix.length).equals(prefix))) finish(true);
      else if (opcode === 9) pong(socket, payload);
      else if (opcode === 8) { finish(false, `close ${length >= 2 ? payload.readUInt16BE(0) : ''}`); socket.destroy(); }
    }
  });
  socket.on('error', e => finish(false, e.code));
  socket.on('close', () => finish(false, 'closed'));
}

function pong(socket, payload) {
  const mask = randomBytes(4);
  const masked = Buffer.from(payload.map((byte, i) => byte ^ mask[i % 4]));
  socket.write(Buffer.concat([Buffer.from([0x8a, 0x80 | payload.length]), mask, masked]));
}

function report() {
  const seconds = (performance.now() - started) / 1000;
  console.log(JSON.stringify({ connections: tokens.length, live, failed, concurrency, seconds: +seconds.toFixed(2), failures }));
  const end = () => { sockets.forEach(s => s.destroy()); process.exit(0); };
  if (process.env.HOLD_SECONDS) setTimeout(end, Number(process.env.HOLD_SECONDS) * 1000);
  else setTimeout(end, 500);
}

setInterval(() => console.error(`live ${live} failed ${failed} of ${tokens.length}`), 2000).unref();
for (let i = 0; i < Math.min(concurrency, tokens.length); i++) openOne();
