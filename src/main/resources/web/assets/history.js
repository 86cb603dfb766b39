// Resume after reconnect and older history (docs/protocol.md): the query a reconnect resumes from,
// what `resumed` and `resync_needed` do to the store, and "load older" pages per conversation.

const PAGE = 50;

/** Remembers whether the store holds a whole history, and resumes from it on the next connect. */
export class Resume {
  constructor(store) {
    this.store = store;
    this.synced = false;
  }

  /** The query parameters of the next connect: a resume once a connect sequence completed, else none. */
  query() {
    if (!this.synced) return '';
    const { publicId, privateId } = this.store.highestIds();
    return `since_public=${publicId}&since_private=${privateId}`;
  }

  /** The connect sequence completed: the store now holds everything up to its highest ids. */
  connected() {
    this.synced = true;
  }

  /**
   * `resumed`: the messages missed while away, counted as unread where the reader is not looking; and
   * what became of those held meanwhile: `edited` as `message_edited` frames would have said, `deleted` dropped.
   */
  resumed(payload, viewing) {
    for (const m of payload.messages || []) this.store.addPublic([m], !viewing('channel', m.channel));
    for (const m of payload.private_messages || []) {
      const other = m.owner_id === this.store.myId ? m.recipient_id : m.owner_id;
      this.store.addPrivate([m], !viewing('dm', other));
    }
    for (const edit of payload.edited || []) this.store.editPublic(edit);
    if (payload.deleted?.length) this.store.deletePublic(payload.deleted);
  }

  /** `resync_needed`: the full history follows and replaces what the store holds. */
  resync() {
    this.store.forgetMessages();
  }
}

/** "Load older": one `get_history` at a time per conversation, until the server says there is no more. */
export class OlderPages {
  constructor(store) {
    this.store = store;
    this.exhausted = new Set(); // view keys with nothing older
    this.waiting = new Map();   // nonce -> view key
    this.seq = 0;
  }

  static key(view) {
    return view.kind === 'channel' ? `c:${view.name}` : `p:${view.id}`;
  }

  /** Whether the view may have older messages than those shown. */
  more(view) {
    return !this.exhausted.has(OlderPages.key(view));
  }

  loading(view) {
    return [...this.waiting.values()].includes(OlderPages.key(view));
  }

  /** Asks for the page before the oldest message shown; false if the connection is not open. */
  request(connection, view, oldest) {
    const key = OlderPages.key(view);
    if (this.loading(view)) return true;
    const nonce = `older-${++this.seq}`;
    const frame = { type: 'get_history', limit: PAGE, nonce, ...(oldest ? { before: oldest.cacheID } : {}),
      ...(view.kind === 'channel' ? { channel: view.name } : { user_id: view.id }) };
    if (!connection.send(frame)) return false;
    this.waiting.set(nonce, key);
    return true;
  }

  /** A `history` page: older messages join the store (never counted as unread). */
  answer(payload) {
    const key = this.waiting.get(payload.nonce);
    if (key === undefined) return;
    this.waiting.delete(payload.nonce);
    if (!payload.has_more) this.exhausted.add(key);
    if (payload.channel !== undefined) this.store.addPublic(payload.messages || [], false);
    else this.store.addPrivate(payload.messages || [], false);
  }

  /** An `error` answering a page request ends the wait for it. */
  failed(nonce) {
    return this.waiting.delete(nonce);
  }
}
