// Connect storm, an independent client (Node's built-in WebSocket, not the server's code):
// opens one connection per token in TOKENS_FILE, at most CONCURRENCY handshakes at a time, and
// reports when every one is live (has received its presence snapshot: connected_users, or
// presence with ?presence=batch). Usage:
//   node --experimental-websocket scripts/bench/connect-storm.mjs ws://127.0.0.1:8080/ws tokens.txt 200 [query]
// Keeps the connections open until it has printed the result, then closes them.
import { readFileSync } from 'node:fs';

const [url, tokensFile, concurrencyText = '200', extraQuery = ''] = process.argv.slice(2);
const tokens = readFileSync(tokensFile, 'utf8').split('\n').filter(Boolean);
const concurrency = Number(concurrencyText);
const sockets = [];
let next = 0, live = 0, failed = 0;
const started = performance.now();

function openOne() {
  if (next >= tokens.length) return;
  const token = tokens[next++];
  const ws = new WebSocket(`${url}?token=${token}${extraQuery ? '&' + extraQuery : ''}`);
  sockets.push(ws);
  let done = false;
  const finish = ok => {
    if (done) return;
    done = true;
    ok ? live++ : failed++;
    if (live + failed === tokens.length) report(); else openOne();
  };
  ws.onmessage = event => {
    const text = typeof event.data === 'string' ? event.data : '';
    if (text.startsWith('{"type":"connected_users"') || text.startsWith('{"type":"presence"')) finish(true);
  };
  ws.onerror = () => finish(false);
  ws.onclose = () => finish(false);
}

function report() {
  const seconds = (performance.now() - started) / 1000;
  console.log(JSON.stringify({ connections: tokens.length, live, failed, concurrency, seconds: +seconds.toFixed(2) }));
  if (process.env.HOLD_SECONDS) {
    setTimeout(() => { sockets.forEach(s => s.close()); process.exit(0); }, Number(process.env.HOLD_SECONDS) * 1000);
  } else {
    sockets.forEach(s => s.close());
    setTimeout(() => process.exit(0), 500);
  }
}

setInterval(() => console.error(`live ${live} failed ${failed} of ${tokens.length}`), 2000).unref();
for (let i = 0; i < Math.min(concurrency, tokens.length); i++) openOne();
