// What the chat page knows: messages per channel and per private conversation (in id order, each
// once, however often the server sends it again after a reconnect), the sends still waiting for
// their acknowledgement, unread counts and who is online.

function insertSorted(list, message) {
  const id = message.cacheID;
  if (!list.length || list[list.length - 1].cacheID < id) {
    list.push(message);
    return;
  }
  let low = 0;
  let high = list.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (list[mid].cacheID < id) low = mid + 1; else high = mid;
  }
  list.splice(low, 0, message);
}

export class MessageStore {
  constructor(myId) {
    this.myId = myId;
    this.channels = new Map();   // channel name -> messages
    this.dms = new Map();        // other user's id -> messages
    this.seen = new Set();       // 'c:<id>' / 'p:<id>'
    this.pending = [];           // {nonce, view, text, state: 'pending'|'failed', reason?, ackId?}
    this.acked = new Map();      // nonce -> id, for acks that arrive before their echo
    this.byNonce = new Map();    // nonce -> message shown for it
    this.unreadCounts = new Map();
    this.users = new Map();      // id -> {id, username, online}
    this.byId = new Map();       // 'c:<id>' / 'p:<id>' -> message
    this.generation = 0;         // connections opened so far
    this.version = 0;
  }

  channel(name) {
    return this.channels.get(name) || [];
  }

  conversation(id) {
    return this.dms.get(id) || [];
  }

  /** Private conversations, most recent first. */
  conversations() {
    return [...this.dms.entries()]
      .sort((a, b) => (b[1].at(-1)?.cacheID || 0) - (a[1].at(-1)?.cacheID || 0))
      .map(([id]) => id);
  }

  nameOf(id) {
    return this.users.get(id)?.username || id;
  }

  people() {
    return [...this.users.values()].sort((a, b) => (b.online - a.online) || a.username.localeCompare(b.username));
  }

  unread(key) {
    return this.unreadCounts.get(key) || 0;
  }

  read(key) {
    this.unreadCounts.delete(key);
    this.version++;
  }

  /** Unread counts from the server (at connect, or a read marker set on another device). */
  setUnread(key, count) {
    if (count > 0) this.unreadCounts.set(key, count);
    else this.unreadCounts.delete(key);
    this.version++;
  }

  clearUnread() {
    this.unreadCounts.clear();
    this.version++;
  }

  know(id, username) {
    if (id && username && !this.users.has(id)) this.users.set(id, { id, username, online: false });
  }

  /** A new connection is open; its history follows. */
  opened() {
    this.generation++;
    this.version++;
  }

  /**
   * The connect sequence is complete. A send made on an earlier connection that the history did not
   * bring back was lost with that connection: it is shown as failed, to be retried.
   */
  connected() {
    for (const p of this.pending) {
      if (p.state === 'pending' && p.generation < this.generation) {
        p.state = 'failed';
        p.reason = 'the connection dropped before the server confirmed it';
      }
    }
    this.version++;
  }

  /** A message seen before, sent again (history after a reconnect): if it was ours and unconfirmed, it is stored. */
  again(key) {
    const known = this.byId.get(key);
    if (known?.status === 'pending') known.status = 'sent';
  }

  addPublic(messages, countUnread) {
    for (const m of messages) {
      const key = `c:${m.cacheID}`;
      if (this.seen.has(key)) {
        this.again(key);
        continue;
      }
      this.seen.add(key);
      this.byId.set(key, m);
      this.know(m.owner_id, m.username);
      this.claimEcho(m, { kind: 'channel', name: m.channel });
      if (!this.channels.has(m.channel)) this.channels.set(m.channel, []);
      insertSorted(this.channels.get(m.channel), m);
      if (countUnread && m.owner_id !== this.myId) this.bump(`c:${m.channel}`);
    }
    this.version++;
  }

  addPrivate(messages, countUnread) {
    for (const m of messages) {
      const key = `p:${m.cacheID}`;
      if (this.seen.has(key)) {
        this.again(key);
        continue;
      }
      this.seen.add(key);
      this.byId.set(key, m);
      this.know(m.owner_id, m.username);
      this.know(m.recipient_id, m.recipient);
      const other = m.owner_id === this.myId ? m.recipient_id : m.owner_id;
      this.claimEcho(m, { kind: 'dm', id: other });
      if (!this.dms.has(other)) this.dms.set(other, []);
      insertSorted(this.dms.get(other), m);
      if (countUnread && m.owner_id !== this.myId) this.bump(`p:${other}`);
    }
    this.version++;
  }

  bump(key) {
    this.unreadCounts.set(key, this.unread(key) + 1);
  }

  /** Our own message coming back: it replaces the pending entry it was sent as. */
  claimEcho(m, view) {
    if (m.owner_id !== this.myId) return;
    let match = this.pending.findIndex(p => p.ackId === m.cacheID);
    if (match < 0) {
      match = this.pending.findIndex(p => p.state === 'pending' && p.ackId === undefined
        && p.text === m.message && p.view.kind === view.kind && (p.view.name ?? p.view.id) === (view.name ?? view.id));
    }
    if (match < 0) {
      m.status = 'sent';
      return;
    }
    const [p] = this.pending.splice(match, 1);
    m.status = this.acked.has(p.nonce) || p.ackId !== undefined ? 'sent' : 'pending';
    this.byNonce.set(p.nonce, m);
  }

  pendingSend(nonce, view, text) {
    this.pending.push({ nonce, view, text, state: 'pending', generation: this.generation });
    this.version++;
  }

  pendingFor(view) {
    return this.pending.filter(p => p.view.kind === view.kind && (p.view.name ?? p.view.id) === (view.name ?? view.id));
  }

  ack({ id, nonce }) {
    const shown = this.byNonce.get(nonce);
    if (shown) {
      shown.status = 'sent';
    } else {
      this.acked.set(nonce, id);
      const p = this.pending.find(q => q.nonce === nonce);
      if (p) p.ackId = id;
    }
    this.version++;
  }

  fail(nonce, reason) {
    const p = this.pending.find(q => q.nonce === nonce);
    if (p) {
      p.state = 'failed';
      p.reason = reason;
    }
    this.version++;
  }

  dropPending(nonce) {
    this.pending = this.pending.filter(p => p.nonce !== nonce);
    this.version++;
  }

  /** A message_edited frame (or an entry of `resumed`'s `edited`): the message shows its new text, marked as edited. */
  editPublic({ id, message, edited_at }) {
    const m = this.byId.get(`c:${id}`);
    if (m) {
      m.message = message;
      m.edited_at = edited_at;
      this.version++;
    }
  }

  deletePublic(ids) {
    const gone = new Set(ids);
    for (const [name, list] of this.channels) {
      if (list.some(m => gone.has(m.cacheID))) this.channels.set(name, list.filter(m => !gone.has(m.cacheID)));
    }
    this.version++;
  }

  /** A channel renamed by an admin keeps its messages under the new name. */
  renameChannels(before, after) {
    for (const old of before) {
      const now = after.find(c => c.id === old.id);
      if (now && now.name !== old.name && this.channels.has(old.name)) {
        this.channels.set(now.name, this.channels.get(old.name));
        this.channels.delete(old.name);
      }
    }
    this.version++;
  }

  /** The highest public and private ids held: where a reconnect resumes from. */
  highestIds() {
    let publicId = 0;
    let privateId = 0;
    for (const key of this.byId.keys()) {
      const id = Number(key.slice(2));
      if (key.startsWith('c:')) publicId = Math.max(publicId, id); else privateId = Math.max(privateId, id);
    }
    return { publicId, privateId };
  }

  /** The server cannot resume: the full history that follows replaces every message held. */
  forgetMessages() {
    this.channels.clear();
    this.dms.clear();
    this.seen.clear();
    this.byId.clear();
    this.version++;
  }

  online(users) {
    for (const person of this.users.values()) person.online = false;
    for (const u of users) {
      this.users.set(u.id, { id: u.id, username: u.username, online: true });
    }
    this.version++;
  }

  status({ id, username, status }) {
    this.users.set(id, { id, username, online: Boolean(status) });
    this.version++;
  }
}
