// The live overview: figures from the admin feed (analytics_snapshot, then analytics_update), filled
// in stages, repainted at most once per feed interval however many frames arrive.
import { h, Component } from './lib.js';

const MINUTE = 60_000;

/** The latest figures, and the pacing of their repaints. */
export class LiveFigures {
  constructor(intervalMs) {
    this.intervalMs = intervalMs;
    this.figures = { online: null, channels: null, recent: [], connections: null, peak: null, asOf: null };
    this.version = 0;
    this.lastPaint = 0;
    this.timer = null;
    this.listener = null;
  }

  snapshot(payload) {
    Object.assign(this.figures, { online: payload.online_users, channels: payload.message_count_by_channel, asOf: payload.as_of });
    this.changed();
  }

  update(payload) {
    const figures = this.figures;
    figures.online = payload.online_users;
    figures.asOf = payload.to;
    figures.recent.push({ at: Date.parse(payload.to), count: payload.public_messages + payload.private_messages });
    if (figures.channels) {
      for (const { channel, message_count } of payload.channels || []) {
        const known = figures.channels.find(c => c.channel === channel);
        if (known) known.message_count += message_count; else figures.channels.push({ channel, message_count });
      }
      figures.channels.sort((a, b) => b.message_count - a.message_count);
    }
    this.changed();
  }

  set(values) {
    Object.assign(this.figures, values);
    this.changed();
  }

  /** Messages in the last minute of updates (public and private). */
  perMinute() {
    const since = Date.now() - MINUTE;
    this.figures.recent = this.figures.recent.filter(r => r.at >= since);
    return this.figures.recent.reduce((sum, r) => sum + r.count, 0);
  }

  subscribe(listener) {
    this.listener = listener;
  }

  // One repaint per interval at most: the first change paints at once, later ones wait for the interval's end.
  changed() {
    this.version++;
    if (this.timer) return;
    const wait = Math.max(0, this.lastPaint + this.intervalMs - Date.now());
    this.timer = setTimeout(() => {
      this.timer = null;
      this.lastPaint = Date.now();
      this.listener?.();
    }, wait);
  }
}

function number(value) {
  return value == null ? null : new Intl.NumberFormat().format(value);
}

function Figure({ label, value, testid }) {
  return h('div', { class: 'figure' },
    h('dt', null, label),
    h('dd', { 'data-testid': testid }, value == null ? h('span', { class: 'skeleton' }, 'Loading…') : value));
}

export class Overview extends Component {
  constructor(props) {
    super(props);
    this.renders = 0;
  }

  componentDidMount() {
    const { live, api } = this.props;
    live.subscribe(() => this.forceUpdate());
    this.loadStages(api, live);
  }

  componentWillUnmount() {
    this.props.live.subscribe(null);
    clearInterval(this.metricsTimer);
  }

  async loadStages(api, live) {
    const peak = await api.get('/activity/peak').catch(() => null);
    if (peak) live.set({ peak: peak.payload.peak_concurrent_users });
    const connections = async () => {
      const response = await fetch('/metrics', { headers: { Authorization: `Bearer ${api.auth.accessToken}` } }).catch(() => null);
      const match = response?.ok && /^onrabble_connections_open(?:\{[^}]*\})? ([0-9.e+]+)$/m.exec(await response.text());
      if (match) live.set({ connections: Math.round(Number(match[1])) });
    };
    await connections();
    this.metricsTimer = setInterval(connections, Math.max(5_000, live.intervalMs));
  }

  // Only a paced repaint of the figures (forceUpdate) renders this page, not the dashboard's other updates.
  shouldComponentUpdate() {
    return false;
  }

  render({ live }) {
    this.renders++;
    const f = live.figures;
    const loaded = f.online != null;
    const peak = f.peak == null ? null : Math.max(f.peak, f.online || 0);
    return h('section', { 'aria-label': 'Live figures', 'data-testid': 'overview', 'data-renders': String(this.renders), 'aria-busy': String(!loaded) },
      loaded ? null : h('p', { class: 'skeleton', role: 'status' }, 'Waiting for the live feed…'),
      h('dl', { class: 'figures' },
        h(Figure, { label: 'Users online', value: number(f.online), testid: 'online-users' }),
        h(Figure, { label: 'Connections', value: number(f.connections), testid: 'connections' }),
        h(Figure, { label: 'Messages in the last minute', value: loaded ? number(live.perMinute()) : null, testid: 'per-minute' }),
        h(Figure, { label: 'Peak users online (24 h)', value: number(peak), testid: 'peak' })),
      h('h3', null, 'Messages per channel (all time)'),
      f.channels == null ? h('p', { class: 'skeleton' }, 'Loading…')
        : h('div', { class: 'table-wrap' }, h('table', null,
          h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'Channel'), h('th', { scope: 'col' }, 'Messages'))),
          h('tbody', null, f.channels.map(c => h('tr', { key: c.channel }, h('td', { class: 'wrap' }, c.channel), h('td', null, number(c.message_count))))))),
      f.asOf ? h('p', { class: 'skeleton' }, `As of ${new Date(f.asOf).toLocaleTimeString()}`) : null);
  }
}
