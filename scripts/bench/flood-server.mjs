// A stand-in server for measuring the load tool's own ceiling (not the OnRabble server): accepts
// any WebSocket upgrade on /ws, sends a presence snapshot, and broadcasts every text frame it gets
// as a chat_message shaped like the real server's to every connection, writing all frames that
// arrived within one event-loop turn as one buffer per socket (cheap, so that the client is the
// limit). Usage: node scripts/bench/flood-server.mjs PORT
import net from 'node:net';
import crypto from 'node:crypto';

const port = Number(process.argv[2] ?? 18999);
const sockets = new Set();
let pending = [], scheduled = false, id = 0;

function serverFrame(text) {
  const data = Buffer.from(text);
  const header = data.length < 126 ? Buffer.from([0x81, data.length])
    : data.length < 65536 ? Buffer.from([0x81, 126, data.length >> 8, data.length & 0xff])
    : (() => { const h = Buffer.alloc(10); h[0] = 0x81; h[1] = 127; h.writeBigUInt64BE(BigInt(data.length), 2); return h; })();
  return Buffer.concat([header, data]);
}

function flush() {
  scheduled = false;
  const batch = Buffer.concat(pending);
  pending = [];
  for (const socket of sockets) socket.write(batch);
}

function broadcast(message) {
  pending.push(serverFrame(`{"type":"chat_message","sender":"bench","payload":{"cacheID":${++id},"owner_id":"u",`
    + `"username":"bench","channel":"General","message":${JSON.stringify(message)},"authored_at":"2026-12-01T00:00:00Z"}}`));
  if (!scheduled) { scheduled = true; setImmediate(flush); }
}

net.createServer(socket => {
  socket.setNoDelay(true);
  let head = true, buffered = Buffer.alloc(0);
  socket.on('data', chunk => {
    buffered = buffered.length ? Buffer.concat([buffered, chunk]) : chunk;
    if (head) {
      const end = buffered.indexOf('\r\n\r\n');
      if (end < 0) return;
      const key = /Sec-WebSocket-Key: *(\S+)/i.exec(buffered.subarray(0, end).toString())[1];
      const accept = crypto.createHash('sha1').update(key + '258EAFA5-E914-47DA-95CA-C5AB0DC85B11').digest('base64');
      socket.write(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`);
      socket.write(serverFrame('{"type":"connected_users","sender":"Server","payload":{"users":[]},"users":[]}'));
      sockets.add(socket);
      head = false;
      buffered = buffered.subarray(end + 4);
    }
    while (buffered.length >= 6) {  // client frames are masked
      let length = buffered[1] & 0x7f, offset = 2;
      if (length === 126) { if (buffered.length < 8) return; length = buffered.readUInt16BE(2); offset = 4; }
      if (buffered.length < offset + 4 + length) return;
      const mask = buffered.subarray(offset, offset + 4);
      const data = Buffer.from(buffered.subarray(offset + 4, offset + 4 + length));
      for (let i = 0; i < data.length; i++) data[i] ^= mask[i & 3];
      const opcode = buffered[0] & 0x0f;
      buffered = buffered.subarray(offset + 4 + length);
      if (opcode === 1) broadcast(JSON.parse(data.toString()).message);
      else if (opcode === 8) socket.end();
    }
  });
  socket.on('close', () => sockets.delete(socket));
  socket.on('error', () => sockets.delete(socket));
}).listen(port, '127.0.0.1');
