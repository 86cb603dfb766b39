// The chat at /: channels, private conversations, presence, sending with acknowledgements.
import { h, render, Component, createRef } from './lib.js';
import { Auth, loadAppConfig } from './auth.js';
import { Connection } from './connection.js';
import { SignIn, Fatal } from './signin.js';
import { MessageStore } from './messages.js';
import { OlderPages, Resume } from './history.js';
import { TypingIndicators, TypingSender, ReadMarkers, viewKey } from './typing-markers.js';

const ERROR_WORDS = {
  rate_limited: 'You are sending messages too fast.',
  too_large: 'That message is too long for this server.',
  unknown_channel: 'That channel does not exist (any more).',
  unavailable: 'The server could not store the message right now; nothing was sent. Try again in a moment.',
  bad_request: 'The server did not understand that request.',
  invalid_token: 'Your sign-in could not be renewed on the connection.',
  not_found: 'That message is gone.',
  forbidden: 'Only its author can change that message.',
  edit_window_closed: 'That message is too old to change now.',
};

const time = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });

function messageTime(iso) {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? '' : time.format(date);
}

class ChatApp extends Component {
  constructor(props) {
    super(props);
    this.store = new MessageStore(props.me.id);
    this.resume = new Resume(this.store);
    this.older = new OlderPages(this.store);
    this.composer = createRef();
    this.list = createRef();
    this.nonceSeq = 0;
    this.state = {
      channels: [], view: { kind: 'channel', name: 'General' }, connection: { status: 'connecting' },
      notice: null, retryUntil: 0, now: Date.now(), menuOpen: false, draft: '',
    };
    this.typing = new TypingIndicators();
    this.typingSender = new TypingSender(frame => this.connection.send(frame));
    this.markers = new ReadMarkers(frame => this.connection.send(frame), this.store);
    // Asks for typing indicators, read markers and edits (docs/protocol.md); a server without them ignores the parameters.
    this.connection = new Connection(`${props.config.ws_url}?typing=1&markers=1&edits=1`, props.auth, frame => this.frame(frame),
      connection => {
        if (connection.status === 'open') this.store.opened();
        this.setState({ connection });
      }, () => this.resume.query());
  }

  componentDidMount() {
    this.connection.start();
    // A smaller window (or a phone keyboard) must not hide the newest messages either.
    this.resizes = new ResizeObserver(() => this.componentDidUpdate());
    this.resizes.observe(this.list.current);
    this.ticker = setInterval(() => {
      const typingEnds = this.typing.nextExpiry(this.state.now);
      if (this.state.retryUntil > Date.now() || this.state.retryUntil > this.state.now
        || (typingEnds && typingEnds <= Date.now())) this.setState({ now: Date.now() });
    }, 250);
  }

  componentWillUnmount() {
    this.resizes.disconnect();
    clearInterval(this.ticker);
    this.connection.stop();
  }

  // Follows new messages while the view is at the bottom; once the reader scrolls up, it stays put.
  componentDidUpdate() {
    const list = this.list.current;
    if (list && this.stickToBottom !== false) {
      list.scrollTop = list.scrollHeight;
      this.autoScrollTop = list.scrollTop;
    }
  }

  frame({ type, payload = {} }) {
    const store = this.store;
    switch (type) {
      case 'bulk_chat_messages': store.addPublic(payload.messages || [], false); break;
      case 'chat_message':
        store.addPublic([payload], !this.viewing('channel', payload.channel));
        this.arrived('channel', payload.channel, payload.owner_id);
        break;
      case 'bulk_private_messages': store.addPrivate(payload.messages || [], false); break;
      case 'private_chat_message': {
        const other = payload.owner_id === this.props.me.id ? payload.recipient_id : payload.owner_id;
        store.addPrivate([payload], !this.viewing('dm', other));
        this.arrived('dm', other, payload.owner_id);
        break;
      }
      case 'active_channels': {
        const channels = payload.channels || [];
        store.renameChannels(this.state.channels, channels);
        const view = this.state.view;
        if (view.kind === 'channel' && !channels.some(c => c.name === view.name)) {
          const renamed = channels.find(c => c.id === this.state.channels.find(o => o.name === view.name)?.id);
          this.setState({ view: { kind: 'channel', name: renamed ? renamed.name : channels[0]?.name } });
        }
        this.setState({ channels });
        break;
      }
      case 'connected_users': store.online(payload.users || []); store.connected(); this.resume.connected(); break;
      case 'resumed': this.resume.resumed(payload, (kind, key) => this.viewing(kind, key)); break;
      case 'resync_needed': this.resume.resync(); this.older = new OlderPages(this.store); break;
      case 'history': this.older.answer(payload); break;
      case 'user_status': store.status(payload); break;
      case 'ack': store.ack(payload); break;
      case 'message_deleted': store.deletePublic(payload.ids || []); break;
      case 'message_edited': store.editPublic(payload); break;
      case 'error': this.error(payload); break;
      case 'token_refreshed': this.setState({ refreshes: (this.state.refreshes || 0) + 1 }); break;
      case 'typing': this.typing.seen(payload, Date.now()); this.setState({ now: Date.now() }); break;
      case 'read_marker': this.markers.moved(payload); break;
      case 'unread_counts':
        this.markers.counts(payload);
        store.read(viewKey(this.state.view));
        this.markers.viewed(this.state.view);
        break;
      default: return;
    }
    this.repaint();
  }

  // Frames arrive one per task; painting once per animation frame keeps a burst (or a long history) smooth.
  repaint() {
    if (this.painting) return;
    this.painting = requestAnimationFrame(() => {
      this.painting = null;
      this.setState({ version: this.store.version });
    });
  }

  error(payload) {
    if (payload.nonce && this.older.failed(payload.nonce)) return;
    if (payload.nonce) this.store.fail(payload.nonce, ERROR_WORDS[payload.code] || payload.message);
    const retryUntil = payload.code === 'rate_limited' && payload.retry_after_ms ? Date.now() + payload.retry_after_ms : 0;
    this.setState({ notice: { code: payload.code, text: ERROR_WORDS[payload.code] || payload.message || 'The server refused that.' }, retryUntil, now: Date.now() });
  }

  /** A message in a conversation: its author stopped typing there; the one being read stays read. */
  arrived(kind, key, authorId) {
    this.typing.stopped(kind === 'channel' ? `c:${key}` : `p:${key}`, authorId);
    if (this.viewing(kind, key)) this.markers.viewed(this.state.view);
  }

  viewing(kind, key) {
    const view = this.state.view;
    return view.kind === kind && (kind === 'channel' ? view.name === key : view.id === key);
  }

  open(view) {
    this.store.read(viewKey(view));
    this.markers.viewed(view);
    this.stickToBottom = true;
    this.setState({ view, menuOpen: false }, () => this.composer.current?.focus());
  }

  send(event) {
    event.preventDefault();
    const text = this.state.draft;
    if (!text.trim()) return;
    this.sendText(this.state.view, text);
    this.typingSender.sent(this.state.view);
    this.stickToBottom = true;
    this.setState({ draft: '' });
  }

  sendText(view, text) {
    const nonce = `${Date.now().toString(36)}-${++this.nonceSeq}`;
    const frame = view.kind === 'channel'
      ? { type: 'chat_message', channel: view.name, message: text, nonce }
      : { type: 'private_chat_message', recipient_id: view.id, message: text, nonce };
    this.store.pendingSend(nonce, view, text);
    if (!this.connection.send(frame)) this.store.fail(nonce, 'Not connected: the message was not sent.');
    this.setState({ version: this.store.version });
  }

  // Editing and deleting one's own messages: the server checks the window and answers with an error frame.
  changeMessage(frame) {
    const nonce = `${Date.now().toString(36)}-${++this.nonceSeq}`;
    if (!this.connection.send({ ...frame, nonce })) this.error({ code: 'unavailable', message: 'Not connected: nothing was changed.' });
    this.setState({ editing: null });
  }

  deleteMessage(m) {
    if (confirm('Delete this message for everyone?')) this.changeMessage({ type: 'delete_message', id: m.cacheID });
  }

  retry(pending) {
    this.store.dropPending(pending.nonce);
    this.sendText(pending.view, pending.text);
  }

  loadOlder(view, oldest) {
    this.stickToBottom = false; // older messages appear above; the reader stays where they are
    this.older.request(this.connection, view, oldest);
    this.setState({});
  }

  compose(draft) {
    if (draft.trim()) this.typingSender.composing(this.state.view, Date.now());
    this.setState({ draft });
  }

  keyDown(event) {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) this.send(event);
  }

  scrolled() {
    const list = this.list.current;
    if (list.scrollHeight - list.scrollTop - list.clientHeight < 40) this.stickToBottom = true;
    else if (list.scrollTop < (this.autoScrollTop ?? Infinity) - 2) this.stickToBottom = false;
  }

  ownMessageActions(m) {
    return {
      editing: this.state.editing === m.cacheID,
      edit: () => this.setState({ editing: m.cacheID }),
      cancel: () => this.setState({ editing: null }),
      save: text => (text.trim() && text !== m.message
        ? this.changeMessage({ type: 'edit_message', id: m.cacheID, message: text }) : this.setState({ editing: null })),
      remove: () => this.deleteMessage(m),
    };
  }

  render({ me, auth }, { channels, view, connection, notice, retryUntil, now, menuOpen, draft }) {
    const store = this.store;
    const title = view.kind === 'channel' ? `# ${view.name || ''}` : `@ ${store.nameOf(view.id)}`;
    const channel = channels.find(c => c.name === view.name);
    const messages = view.kind === 'channel' ? store.channel(view.name) : store.conversation(view.id);
    const pending = store.pendingFor(view);
    const waitSeconds = Math.ceil((retryUntil - now) / 1000);
    return h('div', { class: `chat ${menuOpen ? 'menu-open' : ''}` },
      h('header', { class: 'topbar' },
        h('button', { class: 'menu-button', type: 'button', 'aria-expanded': String(menuOpen), 'aria-controls': 'sidebar',
          onClick: () => this.setState({ menuOpen: !menuOpen }) }, 'Menu'),
        h('h1', null, 'OnRabble'),
        h(ConnectionStatus, { connection, refreshes: this.state.refreshes || 0 }),
        h('span', { class: 'me' }, me.username),
        h('button', { type: 'button', class: 'link', onClick: () => auth.signOut() }, 'Sign out')),
      h('nav', { id: 'sidebar', class: 'sidebar', 'aria-label': 'Conversations',
        onKeyDown: e => { if (e.key === 'Escape' && menuOpen) this.setState({ menuOpen: false }); } },
        h('p', { class: 'signed-in mobile-only' }, `Signed in as ${me.username}`),
        h('h2', null, 'Channels'),
        h('ul', { class: 'channels', 'data-testid': 'channels' }, channels.map(c => h('li', { key: c.id },
          h(ViewButton, { current: view.kind === 'channel' && view.name === c.name, unread: store.unread(`c:${c.name}`),
            label: `# ${c.name}`, onClick: () => this.open({ kind: 'channel', name: c.name }) })))),
        h('h2', null, 'Private'),
        h('ul', { class: 'dms', 'data-testid': 'dms' }, store.conversations().map(id => h('li', { key: id },
          h(ViewButton, { current: view.kind === 'dm' && view.id === id, unread: store.unread(`p:${id}`),
            label: `@ ${store.nameOf(id)}`, onClick: () => this.open({ kind: 'dm', id }) })))),
        h('h2', null, 'People'),
        h('ul', { class: 'people', 'data-testid': 'online' }, store.people().map(person => h('li', { key: person.id, class: person.online ? 'online' : 'offline', 'data-user': person.username },
          h('span', { class: 'dot', 'aria-hidden': 'true' }),
          person.id === me.id ? h('span', null, `${person.username} (you)`)
            : h('button', { type: 'button', class: 'link', 'aria-label': `${person.username}, ${person.online ? 'online' : 'offline'}: send a private message`,
              onClick: () => this.open({ kind: 'dm', id: person.id }) }, person.username),
          h('span', { class: 'sr-only' }, person.online ? ' online' : ' offline'))))),
      h('main', { class: 'conversation', 'aria-labelledby': 'conversation-title' },
        h('div', { class: 'conversation-head' },
          h('h2', { id: 'conversation-title' }, title),
          channel?.description ? h('p', { class: 'description' }, channel.description) : null),
        connection.status !== 'open' && connection.reason
          ? h('p', { class: `banner ${connection.code === 4003 ? 'danger' : 'warn'}`, role: 'alert', 'data-testid': 'connection-banner' },
            connection.reason, connection.status === 'waiting' ? ' Reconnecting…' : '',
            connection.status === 'closed' && connection.code !== 4003
              ? h('button', { type: 'button', class: 'link', onClick: () => auth.signIn() }, ' Sign in again') : null)
          : null,
        h('ol', { class: 'messages', ref: this.list, onScroll: () => this.scrolled(), 'data-testid': 'messages', 'aria-live': 'polite', 'aria-label': 'Messages' },
          h(LoadOlder, { older: this.older, view, onClick: () => this.loadOlder(view, messages[0]) }),
          messages.map(m => h(Message, { key: m.cacheID, m, mine: m.owner_id === me.id,
            actions: view.kind === 'channel' && m.owner_id === me.id ? this.ownMessageActions(m) : null })),
          pending.map(p => h(PendingMessage, { key: p.nonce, p, me, onRetry: () => this.retry(p) }))),
        h('p', { class: 'typing', 'data-testid': 'typing', 'aria-live': 'polite' }, this.typing.line(viewKey(view), now)),
        notice ? h('p', { class: 'banner warn', role: 'alert', 'data-testid': 'notice', 'data-code': notice.code },
          notice.text, notice.code === 'rate_limited' && waitSeconds > 0 ? ` You can send again in ${waitSeconds} s.` : '',
          h('button', { type: 'button', class: 'link', onClick: () => this.setState({ notice: null }) }, ' Dismiss')) : null,
        h('form', { class: 'composer', onSubmit: e => this.send(e) },
          h('label', { for: 'composer', class: 'sr-only' }, `Message ${title}`),
          h('textarea', { id: 'composer', ref: this.composer, rows: 2, value: draft, placeholder: `Message ${title}`,
            onInput: e => this.compose(e.target.value), onKeyDown: e => this.keyDown(e) }),
          h('button', { type: 'submit', class: 'primary', disabled: !view.name && view.kind === 'channel' }, 'Send'))));
  }
}

function ViewButton({ current, unread, label, onClick }) {
  return h('button', { type: 'button', class: `view ${current ? 'current' : ''}`, 'aria-current': current ? 'page' : null, onClick },
    h('span', null, label),
    unread ? h('span', { class: 'badge', 'aria-label': `${unread} unread` }, String(unread)) : null);
}

function LoadOlder({ older, view, onClick }) {
  if (!older.more(view)) return null;
  return h('li', { class: 'load-older' },
    h('button', { type: 'button', class: 'link', 'data-testid': 'load-older', disabled: older.loading(view), onClick },
      older.loading(view) ? 'Loading older messages…' : 'Load older messages'));
}

function ConnectionStatus({ connection, refreshes }) {
  const words = { connecting: 'Connecting…', open: 'Connected', waiting: 'Reconnecting…', closed: 'Disconnected' };
  return h('span', { class: `status ${connection.status}`, role: 'status', 'data-testid': 'connection', 'data-token-refreshes': String(refreshes) },
    words[connection.status]);
}

function Message({ m, mine, actions }) {
  return h('li', { class: `message ${mine ? 'mine' : ''}`, 'data-id': m.cacheID },
    h('div', { class: 'meta' },
      h('span', { class: 'author' }, m.username),
      h('time', { dateTime: m.authored_at }, messageTime(m.authored_at)),
      mine && m.status ? h('span', { class: `state ${m.status}`, 'data-state': m.status }, m.status === 'sent' ? 'sent' : 'sending…') : null,
      m.edited_at ? h('span', { class: 'edited', title: m.edited_at }, '(edited)') : null,
      actions && !actions.editing ? h(OwnMessageActions, { actions }) : null),
    actions?.editing ? h(EditForm, { text: m.message, actions }) : h('p', { class: 'text' }, m.message));
}

function OwnMessageActions({ actions }) {
  return h('span', { class: 'actions' },
    h('button', { type: 'button', class: 'link', 'data-action': 'edit', onClick: actions.edit }, 'Edit'),
    h('button', { type: 'button', class: 'link', 'data-action': 'delete', onClick: actions.remove }, 'Delete'));
}

// The new text of one's own message, in place of it: Enter or Save sends it, Escape or Cancel keeps the old one.
class EditForm extends Component {
  constructor(props) {
    super(props);
    this.state = { draft: props.text };
    this.box = createRef();
  }

  componentDidMount() {
    this.box.current?.focus();
  }

  render({ actions }, { draft }) {
    const save = event => { event.preventDefault(); actions.save(draft); };
    return h('form', { class: 'edit', onSubmit: save },
      h('label', { class: 'sr-only', for: 'edit-box' }, 'New text'),
      h('textarea', { id: 'edit-box', ref: this.box, rows: 2, value: draft, onInput: e => this.setState({ draft: e.target.value }),
        onKeyDown: e => {
          if (e.key === 'Escape') actions.cancel();
          else if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) save(e);
        } }),
      h('button', { type: 'submit', class: 'primary' }, 'Save'),
      h('button', { type: 'button', class: 'link', onClick: actions.cancel }, 'Cancel'));
  }
}

function PendingMessage({ p, me, onRetry }) {
  return h('li', { class: `message mine ${p.state}`, 'data-nonce': p.nonce },
    h('div', { class: 'meta' },
      h('span', { class: 'author' }, me.username),
      h('span', { class: `state ${p.state}`, 'data-state': p.state }, p.state === 'failed' ? `not sent: ${p.reason}` : 'sending…'),
      p.state === 'failed' ? h('button', { type: 'button', class: 'link', onClick: onRetry }, 'Retry') : null),
    h('p', { class: 'text' }, p.text));
}

async function main() {
  const root = document.getElementById('app');
  // Preact renders next to existing children: the static "Loading…" placeholder goes first.
  const show = vnode => {
    root.replaceChildren();
    render(vnode, root);
  };
  try {
    const config = await loadAppConfig();
    const auth = new Auth(config, config.chat_client_id, `${location.origin}/`);
    if (!(await auth.init())) {
      show(h(SignIn, { config, auth, what: 'the chat' }));
      return;
    }
    const claims = auth.claims;
    show(h(ChatApp, { config, auth, me: { id: claims.sub, username: claims.preferred_username } }));
  } catch (e) {
    show(h(Fatal, { error: e }));
  }
}

main();
