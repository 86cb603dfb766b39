// Typing indicators and read markers (the server's ?typing=1 and ?markers=1, see docs/protocol.md):
// who is typing where, sending our own typing while composing, and keeping read markers in step.

/** How often we tell the server we are typing while the draft changes; the server relays at most this often. */
const TYPING_EVERY_MS = 3000;
/** A burst of new messages in the conversation being read is marked read once, after it settles. */
const MARK_AFTER_MS = 1000;

/** The key of a conversation, as MessageStore counts unread messages: 'c:<channel>' or 'p:<user id>'. */
export function viewKey(view) {
  return view.kind === 'channel' ? `c:${view.name}` : `p:${view.id}`;
}

/** Who is typing in which conversation, each until the time the server said it lasts. */
export class TypingIndicators {
  constructor() {
    this.typing = new Map(); // key -> Map(user id -> {username, until})
  }

  /** A typing frame: in its channel, or (no channel) in our conversation with its user. */
  seen(payload, now) {
    const key = payload.channel ? `c:${payload.channel}` : `p:${payload.user_id}`;
    if (!this.typing.has(key)) this.typing.set(key, new Map());
    this.typing.get(key).set(payload.user_id, { username: payload.username, until: now + (payload.expires_in_ms || 0) });
  }

  /** A message from {@code userId} in {@code key}: they are done typing it. */
  stopped(key, userId) {
    this.typing.get(key)?.delete(userId);
  }

  /** "alice is typing…" for the conversation {@code key}, or '' when nobody is. */
  line(key, now) {
    const names = [...(this.typing.get(key)?.values() || [])].filter(t => t.until > now).map(t => t.username);
    if (names.length === 0) return '';
    if (names.length === 1) return `${names[0]} is typing…`;
    if (names.length === 2) return `${names[0]} and ${names[1]} are typing…`;
    return `${names.length} people are typing…`;
  }

  /** The earliest time a shown line changes by itself, or 0: when to look again. */
  nextExpiry(now) {
    let next = 0;
    for (const users of this.typing.values()) {
      for (const t of users.values()) if (t.until > now && (next === 0 || t.until < next)) next = t.until;
    }
    return next;
  }
}

/** Sends {type: 'typing'} while the draft changes, at most once per interval and conversation. */
export class TypingSender {
  constructor(send) {
    this.send = send;
    this.last = new Map(); // key -> time sent
  }

  composing(view, now) {
    const key = viewKey(view);
    if (now - (this.last.get(key) || 0) < TYPING_EVERY_MS) return;
    this.last.set(key, now);
    this.send(view.kind === 'channel' ? { type: 'typing', channel: view.name } : { type: 'typing', recipient_id: view.id });
  }

  /** After a send the next keystroke is news again. */
  sent(view) {
    this.last.delete(viewKey(view));
  }
}

/** Marks the conversation being read as read on the server, and follows markers set elsewhere. */
export class ReadMarkers {
  constructor(send, store) {
    this.send = send;
    this.store = store;
    this.marked = new Map(); // key -> highest id marked
    this.timer = null;
  }

  /** The newest message of {@code view} is on screen: mark it read (soon, once per burst). */
  viewed(view) {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.markNow(view), MARK_AFTER_MS);
  }

  markNow(view) {
    const messages = view.kind === 'channel' ? this.store.channel(view.name) : this.store.conversation(view.id);
    const newest = messages.at(-1)?.cacheID;
    const key = viewKey(view);
    if (!newest || newest <= (this.marked.get(key) || 0)) return;
    this.marked.set(key, newest);
    this.send(view.kind === 'channel' ? { type: 'mark_read', channel: view.name, id: newest }
      : { type: 'mark_read', user_id: view.id, id: newest });
  }

  /** Our marker moved (here or on another device): what is older than it is read. */
  moved(payload) {
    const key = payload.channel ? `c:${payload.channel}` : `p:${payload.user_id}`;
    this.marked.set(key, Math.max(this.marked.get(key) || 0, payload.id));
    const messages = payload.channel ? this.store.channel(payload.channel) : this.store.conversation(payload.user_id);
    this.store.setUnread(key, messages.filter(m => m.cacheID > payload.id && m.owner_id !== this.store.myId).length);
  }

  /** The counts the server gave at connect replace ours. */
  counts(payload) {
    this.store.clearUnread();
    for (const c of payload.channels || []) this.store.setUnread(`c:${c.channel}`, c.unread);
    for (const c of payload.private || []) this.store.setUnread(`p:${c.user_id}`, c.unread);
  }
}
