// Moderation pages: message search with bulk delete, users, bans, rate limits.
import { h, Component } from './lib.js';
import { isoFromLocal } from './api.js';

const PAGE_SIZE = 50;
const when = iso => (iso ? new Date(iso).toLocaleString() : '');

/** Shared behaviour: run a request, show its error or a confirmation. */
class Page extends Component {
  /** Runs {@code work}, then {@code reload} (e.g. the list it changed), then confirms with {@code info}. */
  async act(work, info, reload) {
    this.setState({ error: null, info: null, busy: true });
    try {
      const result = await work();
      if (reload) await reload();
      this.setState({ info, busy: false });
      return result ?? true;
    } catch (e) {
      this.setState({ error: e.message, busy: false });
      return null;
    }
  }

  feedback() {
    const { error, info } = this.state;
    return [
      error ? h('p', { class: 'banner danger', role: 'alert' }, error) : null,
      h('p', { class: info ? 'banner' : 'sr-only', role: 'status' }, info || ''),
    ];
  }
}

function Field({ label, children }) {
  return h('label', null, label, children);
}

function Pager({ offset, hasMore, onPage, what }) {
  return h('div', { class: 'pager' },
    h('button', { type: 'button', class: 'secondary', disabled: offset === 0, onClick: () => onPage(Math.max(0, offset - PAGE_SIZE)) }, `Newer ${what}`),
    h('span', null, `${offset + 1}–${offset + PAGE_SIZE}`),
    h('button', { type: 'button', class: 'secondary', disabled: !hasMore, onClick: () => onPage(offset + PAGE_SIZE) }, `Older ${what}`));
}

export class Messages extends Page {
  constructor(props) {
    super(props);
    this.state = { keyword: '', channel: '', user: '', from: '', to: '', offset: 0, results: null, hasMore: false, selected: new Set() };
  }

  async search(offset) {
    const { keyword, channel, user, from, to } = this.state;
    const result = await this.act(() => this.props.api.get('/messages', {
      keyword, channel, user_id: user, from: isoFromLocal(from), to: isoFromLocal(to), limit: PAGE_SIZE, offset,
    }));
    if (result) this.setState({ results: result.payload.messages, hasMore: result.payload.has_more, offset, selected: new Set() });
  }

  toggle(id) {
    const selected = new Set(this.state.selected);
    if (selected.has(id)) selected.delete(id); else selected.add(id);
    this.setState({ selected });
  }

  async deleteSelected() {
    const ids = [...this.state.selected];
    if (await this.act(() => this.props.api.delete('/messages', { ids }), `${ids.length} message(s) deleted.`)) {
      this.setState({ results: this.state.results.filter(m => !ids.includes(m.id)), selected: new Set() });
    }
  }

  render({ channels }, { keyword, channel, user, from, to, offset, results, hasMore, selected }) {
    const allSelected = results?.length > 0 && results.every(m => selected.has(m.id));
    return h('section', null,
      h('form', { class: 'inline', 'aria-label': 'Search messages', onSubmit: e => { e.preventDefault(); this.search(0); } },
        h(Field, { label: 'Keywords' }, h('input', { id: 'search-keyword', type: 'search', value: keyword, onInput: e => this.setState({ keyword: e.target.value }) })),
        h(Field, { label: 'Channel' }, h('select', { id: 'search-channel', value: channel, onChange: e => this.setState({ channel: e.target.value }) },
          h('option', { value: '' }, 'All channels'),
          (channels || []).map(c => h('option', { key: c.id, value: c.name }, c.name)))),
        h(Field, { label: 'User id' }, h('input', { id: 'search-user', value: user, onInput: e => this.setState({ user: e.target.value }) })),
        h(Field, { label: 'From' }, h('input', { type: 'datetime-local', value: from, onInput: e => this.setState({ from: e.target.value }) })),
        h(Field, { label: 'To' }, h('input', { type: 'datetime-local', value: to, onInput: e => this.setState({ to: e.target.value }) })),
        h('button', { type: 'submit', class: 'primary', id: 'search-submit' }, 'Search')),
      this.feedback(),
      results == null ? null : h('div', null,
        h('div', { class: 'row-actions' },
          h('button', { type: 'button', class: 'danger', id: 'delete-selected', disabled: selected.size === 0, onClick: () => this.deleteSelected() },
            `Delete selected (${selected.size})`)),
        results.length === 0 ? h('p', null, 'No message matches.') : h('div', { class: 'table-wrap' }, h('table', { 'data-testid': 'search-results' },
          h('thead', null, h('tr', null,
            h('th', { scope: 'col' }, h('input', { type: 'checkbox', 'aria-label': 'Select all on this page', checked: allSelected,
              onChange: () => this.setState({ selected: allSelected ? new Set() : new Set(results.map(m => m.id)) }) })),
            h('th', { scope: 'col' }, 'When'), h('th', { scope: 'col' }, 'Channel'), h('th', { scope: 'col' }, 'User'), h('th', { scope: 'col' }, 'Message'))),
          h('tbody', null, results.map(m => h('tr', { key: m.id, 'data-id': m.id },
            h('td', null, h('input', { type: 'checkbox', 'aria-label': `Select message ${m.id}`, checked: selected.has(m.id), onChange: () => this.toggle(m.id) })),
            h('td', null, when(m.authored_at)), h('td', null, m.channel), h('td', null, m.username), h('td', { class: 'wrap' }, m.message)))))),
        h(Pager, { offset, hasMore, what: 'messages', onPage: next => this.search(next) })));
  }
}

export class Users extends Page {
  constructor(props) {
    super(props);
    this.state = { username: '', offset: 0, users: null, hasMore: false, usage: null, banning: null, reason: '', hours: '' };
  }

  componentDidMount() {
    this.search(0);
  }

  async search(offset) {
    const result = await this.act(() => this.props.api.get('/users', { username: this.state.username, limit: PAGE_SIZE, offset }));
    if (result) this.setState({ users: result.payload.users, hasMore: result.payload.has_more, offset });
  }

  async showUsage(user) {
    const result = await this.act(() => this.props.api.get(`/activity/users/${encodeURIComponent(user.id)}`));
    if (result) this.setState({ usage: result.payload });
  }

  async ban(event) {
    event.preventDefault();
    const { banning, reason, hours } = this.state;
    const body = { banished_id: banning.id, reason, duration: hours === '' ? null : Number(hours) };
    this.setState({ banning: null, reason: '', hours: '' });
    await this.act(() => this.props.api.post('/users/ban', body), `${banning.username} banned${hours ? ` for ${hours} h` : ' permanently'}.`,
      () => this.search(this.state.offset));
  }

  render(_, { username, offset, users, hasMore, usage, banning, reason, hours }) {
    return h('section', null,
      h('form', { class: 'inline', 'aria-label': 'Search users', onSubmit: e => { e.preventDefault(); this.search(0); } },
        h(Field, { label: 'Username starts with' }, h('input', { id: 'user-search', type: 'search', value: username, onInput: e => this.setState({ username: e.target.value }) })),
        h('button', { type: 'submit', class: 'primary' }, 'Search')),
      this.feedback(),
      banning ? h('form', { class: 'inline', 'aria-label': `Ban ${banning.username}`, onSubmit: e => this.ban(e) },
        h('strong', null, `Ban ${banning.username}`),
        h(Field, { label: 'Reason' }, h('input', { id: 'ban-reason', maxLength: 256, value: reason, onInput: e => this.setState({ reason: e.target.value }) })),
        h(Field, { label: 'Hours (empty: permanent)' }, h('input', { id: 'ban-hours', type: 'number', min: '0.01', step: 'any', value: hours, onInput: e => this.setState({ hours: e.target.value }) })),
        h('button', { type: 'submit', class: 'danger', id: 'ban-confirm' }, 'Ban'),
        h('button', { type: 'button', class: 'secondary', onClick: () => this.setState({ banning: null }) }, 'Cancel')) : null,
      usage ? h('dl', { class: 'figures', 'aria-label': `Usage of ${usage.username}` },
        [['Messages (24 h)', usage.messages], ['Private messages', usage.private_messages], ['Sessions', usage.sessions],
          ['Time online', usage.time_online], ['Online now', usage.online ? 'yes' : 'no'], ['Last seen', when(usage.last_seen)]]
          .map(([label, value]) => h('div', { class: 'figure', key: label }, h('dt', null, label), h('dd', null, String(value ?? ''))))) : null,
      users == null ? h('p', { class: 'skeleton', role: 'status' }, 'Loading users…') : h('div', { class: 'table-wrap' }, h('table', { 'data-testid': 'users' },
        h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'Username'), h('th', { scope: 'col', class: 'col-id' }, 'Id'), h('th', { scope: 'col' }, 'Banned'), h('th', { scope: 'col' }, 'Actions'))),
        h('tbody', null, users.map(u => h('tr', { key: u.id, 'data-user': u.username },
          h('td', null, u.username), h('td', { class: 'wrap col-id' }, u.id), h('td', null, u.is_banned ? 'banned' : 'no'),
          h('td', null, h('span', { class: 'row-actions' },
            h('button', { type: 'button', class: 'secondary', 'aria-label': `Usage of ${u.username}`, onClick: () => this.showUsage(u) }, 'Usage'),
            h('button', { type: 'button', class: 'danger', 'aria-label': `Ban ${u.username}`, onClick: () => this.setState({ banning: u }) }, 'Ban')))))))),
      users ? h(Pager, { offset, hasMore, what: 'users', onPage: next => this.search(next) }) : null);
  }
}

export class Bans extends Page {
  constructor(props) {
    super(props);
    this.state = { offset: 0, records: null, hasMore: false, user: '', reason: '', hours: '' };
  }

  componentDidMount() {
    this.load(0);
  }

  async load(offset) {
    const result = await this.act(() => this.props.api.get('/users/bans', { limit: PAGE_SIZE, offset }));
    if (result) this.setState({ records: result.payload.records, hasMore: result.payload.has_more, offset });
  }

  async ban(event) {
    event.preventDefault();
    const { user, reason, hours } = this.state;
    const body = { banished_id: user.trim(), reason, duration: hours === '' ? null : Number(hours) };
    if (await this.act(() => this.props.api.post('/users/ban', body), 'User banned.', () => this.load(0))) {
      this.setState({ user: '', reason: '', hours: '' });
    }
  }

  async pardon(record) {
    await this.act(() => this.props.api.delete(`/users/ban?ban_id=${encodeURIComponent(record.id)}`), `${record.banished_username} pardoned.`,
      () => this.load(this.state.offset));
  }

  render(_, { offset, records, hasMore, user, reason, hours }) {
    const active = r => !r.pardoned && (!r.end || Date.parse(r.end) > Date.now());
    return h('section', null,
      h('form', { class: 'inline', 'aria-label': 'Ban a user', onSubmit: e => this.ban(e) },
        h(Field, { label: 'User id' }, h('input', { id: 'bans-user', required: true, value: user, onInput: e => this.setState({ user: e.target.value }) })),
        h(Field, { label: 'Reason' }, h('input', { maxLength: 256, value: reason, onInput: e => this.setState({ reason: e.target.value }) })),
        h(Field, { label: 'Hours (empty: permanent)' }, h('input', { type: 'number', min: '0.01', step: 'any', value: hours, onInput: e => this.setState({ hours: e.target.value }) })),
        h('button', { type: 'submit', class: 'danger' }, 'Ban')),
      this.feedback(),
      records == null ? h('p', { class: 'skeleton', role: 'status' }, 'Loading bans…') : h('div', { class: 'table-wrap' }, h('table', { 'data-testid': 'bans' },
        h('thead', null, h('tr', null, ['User', 'Reason', 'Since', 'Until', 'State', 'Actions'].map(label => h('th', { scope: 'col', key: label }, label)))),
        h('tbody', null, records.map(r => h('tr', { key: r.id, 'data-user': r.banished_username },
          h('td', null, r.banished_username), h('td', { class: 'wrap' }, r.reason || ''), h('td', null, when(r.start)),
          h('td', null, r.end ? when(r.end) : 'permanent'), h('td', null, r.pardoned ? 'pardoned' : active(r) ? 'active' : 'ended'),
          h('td', null, active(r) ? h('button', { type: 'button', class: 'secondary', 'aria-label': `Pardon ${r.banished_username}`, onClick: () => this.pardon(r) }, 'Pardon') : null)))))),
      records ? h(Pager, { offset, hasMore, what: 'bans', onPage: next => this.load(next) }) : null);
  }
}

export class RateLimits extends Page {
  constructor(props) {
    super(props);
    this.state = { base: null, overrides: null, user: '', limit: '', window: '' };
  }

  componentDidMount() {
    this.load();
  }

  async load() {
    const [base, overrides] = await Promise.all([
      this.act(() => this.props.api.get('/ratelimits')), this.act(() => this.props.api.get('/ratelimits/users'))]);
    if (base && overrides) this.setState({ base: base.rate_limiter, overrides: overrides.overrides });
  }

  async saveDefault(event) {
    event.preventDefault();
    const { base } = this.state;
    await this.act(() => this.props.api.patch('/ratelimits', { id: base.id, message_limit: Number(base.message_limit), window_seconds: Number(base.window_seconds) }),
      'Default rate limit saved.');
  }

  async saveOverride(event) {
    event.preventDefault();
    const { user, limit, window } = this.state;
    if (await this.act(() => this.props.api.put(`/ratelimits/users/${encodeURIComponent(user.trim())}`, { message_limit: Number(limit), window_seconds: Number(window) }),
      `Rate limit for ${user.trim()} saved.`, () => this.load())) {
      this.setState({ user: '', limit: '', window: '' });
    }
  }

  async remove(override) {
    await this.act(() => this.props.api.delete(`/ratelimits/users/${encodeURIComponent(override.owner_id)}`), 'Override removed.', () => this.load());
  }

  render(_, { base, overrides, user, limit, window }) {
    const setBase = (field, value) => this.setState({ base: { ...base, [field]: value } });
    return h('section', null,
      this.feedback(),
      base == null ? h('p', { class: 'skeleton', role: 'status' }, 'Loading rate limits…') : h('form', { class: 'inline', 'aria-label': 'Default rate limit', onSubmit: e => this.saveDefault(e) },
        h('strong', null, 'Everyone:'),
        h(Field, { label: 'Messages' }, h('input', { id: 'default-limit', type: 'number', min: 1, max: 10000, required: true, value: base.message_limit, onInput: e => setBase('message_limit', e.target.value) })),
        h(Field, { label: 'per seconds' }, h('input', { id: 'default-window', type: 'number', min: 1, max: 86400, required: true, value: base.window_seconds, onInput: e => setBase('window_seconds', e.target.value) })),
        h('button', { type: 'submit', class: 'primary' }, 'Save default')),
      h('h3', null, 'Per-user overrides'),
      h('form', { class: 'inline', 'aria-label': 'Set a per-user rate limit', onSubmit: e => this.saveOverride(e) },
        h(Field, { label: 'User id' }, h('input', { id: 'override-user', required: true, value: user, onInput: e => this.setState({ user: e.target.value }) })),
        h(Field, { label: 'Messages' }, h('input', { id: 'override-limit', type: 'number', min: 1, max: 10000, required: true, value: limit, onInput: e => this.setState({ limit: e.target.value }) })),
        h(Field, { label: 'per seconds' }, h('input', { id: 'override-window', type: 'number', min: 1, max: 86400, required: true, value: window, onInput: e => this.setState({ window: e.target.value }) })),
        h('button', { type: 'submit', class: 'primary', id: 'override-save' }, 'Save override')),
      overrides == null ? null : overrides.length === 0 ? h('p', null, 'No user has an override.') : h('div', { class: 'table-wrap' }, h('table', { 'data-testid': 'overrides' },
        h('thead', null, h('tr', null, ['User id', 'Messages', 'Window (s)', 'Actions'].map(label => h('th', { scope: 'col', key: label }, label)))),
        h('tbody', null, overrides.map(o => h('tr', { key: o.id, 'data-user': o.owner_id },
          h('td', { class: 'wrap' }, o.owner_id), h('td', null, o.message_limit), h('td', null, o.window_seconds),
          h('td', null, h('button', { type: 'button', class: 'secondary', 'aria-label': `Remove override of ${o.owner_id}`, onClick: () => this.remove(o) }, 'Remove'))))))));
  }
}
