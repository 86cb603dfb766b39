// The live connection to /ws. The token travels as the `bearer.<token>` subprotocol (browsers cannot
// set headers, and a URL would end up in logs). Reconnects by itself with exponential backoff and
// jitter, except after a ban; hands refreshed tokens to the open connection.

const CLOSE_REASONS = {
  1001: 'The server is restarting.',
  1002: 'The server closed the connection: it received a malformed frame.',
  1007: 'The server closed the connection: it received text that is not valid UTF-8.',
  1008: 'The server closed the connection: too many refused messages or pings.',
  1009: 'The server closed the connection: a message was far too large.',
  1011: 'The server could not set up the connection.',
  4001: 'Your sign-in expired.',
  4003: 'You have been banned from this server.',
  4004: 'The connection stopped answering.',
  4008: 'Your connection fell behind (too many messages were waiting for it) and was closed.',
  4029: 'You have too many connections open (other tabs or devices). Close one; this one retries by itself.',
};

export function closeReason(code) {
  return CLOSE_REASONS[code] || 'The connection was lost.';
}

export class Connection {
  /**
   * @param url the WebSocket URL
   * @param auth an Auth: its current access token opens the socket
   * @param onFrame called with every frame from the server
   * @param onState called with {status: 'connecting'|'open'|'waiting'|'closed', code?, reason?, retryInMs?}
   * @param query returns extra query parameters for each connect (a resume), or ''
   */
  constructor(url, auth, onFrame, onState, query = () => '') {
    this.query = query;
    this.url = url;
    this.auth = auth;
    this.onFrame = onFrame;
    this.onState = onState;
    this.attempt = 0;
    this.socket = null;
    this.stopped = false;
    auth.onToken(token => {
      if (token && this.socket?.readyState === WebSocket.OPEN) {
        this.send({ type: 'refresh_token', token });
      }
    });
  }

  start() {
    this.stopped = false;
    this.open();
  }

  stop() {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    this.socket?.close(1000);
  }

  open() {
    const token = this.auth.accessToken;
    if (!token) {
      this.onState({ status: 'closed', code: 4001, reason: 'You are signed out. Sign in again to chat.' });
      return;
    }
    this.onState({ status: 'connecting', code: this.lastCode, reason: this.lastReason });
    const query = this.query();
    const url = query ? `${this.url}${this.url.includes('?') ? '&' : '?'}${query}` : this.url;
    const socket = new WebSocket(url, [`bearer.${token}`, 'onrabble']);
    this.socket = socket;
    socket.onopen = () => {
      this.attempt = 0;
      this.lastCode = undefined;
      this.lastReason = undefined;
      this.onState({ status: 'open' });
    };
    socket.onmessage = event => {
      let frame;
      try {
        frame = JSON.parse(event.data);
      } catch {
        return;
      }
      if (frame.type === 'token_expiring') this.auth.refresh();
      this.onFrame(frame);
    };
    socket.onclose = event => {
      if (this.socket !== socket) return;
      this.socket = null;
      if (this.stopped) return;
      this.closed(event.code);
    };
  }

  async closed(code) {
    if (code === 4003) {
      this.onState({ status: 'closed', code, reason: closeReason(code) });
      return;
    }
    if (code === 4001 && !(await this.auth.refresh())) {
      this.onState({ status: 'closed', code, reason: 'Your sign-in expired. Sign in again to chat.' });
      return;
    }
    // Exponential backoff (0.5 s doubling up to 30 s) with full jitter, so a restarted server is not
    // hit by every client at the same moment.
    const ceiling = Math.min(30_000, 500 * 2 ** this.attempt);
    const delay = Math.round(ceiling / 2 + Math.random() * ceiling / 2);
    this.attempt++;
    // A failed attempt (1006) says less than the close that started the outage: keep that one's words.
    // Browsers do not show why a handshake was refused, so after a few refusals say what it may be.
    if (code !== 1006 || !this.lastReason) {
      this.lastCode = code;
      this.lastReason = closeReason(code);
    }
    if (code === 1006 && this.attempt >= 3) {
      this.lastReason = 'The chat server cannot be reached, or it refuses this sign-in (for example after a ban).';
    }
    this.onState({ status: 'waiting', code: this.lastCode, reason: this.lastReason, retryInMs: delay });
    this.retryTimer = setTimeout(() => this.open(), delay);
  }

  /** Sends a frame; false if the connection is not open (the caller shows the message as not sent). */
  send(frame) {
    if (this.socket?.readyState !== WebSocket.OPEN) return false;
    this.socket.send(JSON.stringify(frame));
    return true;
  }
}
