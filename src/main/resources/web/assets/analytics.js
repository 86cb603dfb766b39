// Analytics charts (Chart.js, loaded by admin.html as the global `Chart`): sessions per day, messages
// per channel, messages per minute or hour over a chosen range, and the peak of users online.
import { h, Component, createRef } from './lib.js';
import { isoFromLocal } from './api.js';

const COLORS = ['#1d4ed8', '#b91c1c', '#047857', '#7c3aed', '#b45309', '#0e7490', '#be185d', '#4b5563'];

class ChartBox extends Component {
  constructor(props) {
    super(props);
    this.canvas = createRef();
  }

  componentDidMount() { this.draw(); }
  componentDidUpdate() { this.draw(); }
  componentWillUnmount() { this.chart?.destroy(); }

  draw() {
    this.chart?.destroy();
    if (!window.Chart || !this.props.data) return;
    this.chart = new window.Chart(this.canvas.current, {
      type: this.props.type,
      data: this.props.data,
      options: { responsive: true, maintainAspectRatio: false, animation: false, scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } },
    });
  }

  render({ title, summary, data, testid }) {
    return h('figure', { class: 'chart', 'data-testid': testid },
      h('figcaption', null, h('strong', null, title)),
      data == null ? h('p', { class: 'skeleton', role: 'status' }, 'Loading…')
        : h('div', { class: 'chart-area' }, h('canvas', { ref: this.canvas, role: 'img', 'aria-label': `${title}: ${summary}` })));
  }
}

function local(date) {
  const pad = n => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

export class Analytics extends Component {
  constructor(props) {
    super(props);
    const now = new Date();
    this.state = { from: local(new Date(now - 3 * 3600_000)), to: local(new Date(now.getTime() + 60_000)), bucket: 'minute', error: null };
  }

  componentDidMount() {
    this.loadFixed();
    this.loadRange();
  }

  async loadFixed() {
    const api = this.props.api;
    try {
      const [sessions, channels] = await Promise.all([api.get('/activity/sessions'), api.get('/activity/channels')]);
      const days = sessions.payload.session_activity;
      const counts = channels.payload.channels;
      this.setState({
        sessions: { labels: days.map(d => d.session_date), datasets: [{ label: 'Sessions', data: days.map(d => d.session_count), backgroundColor: COLORS[0] }] },
        sessionsSummary: days.map(d => `${d.session_date}: ${d.session_count}`).join(', ') || 'none',
        channels: { labels: counts.map(c => c.channel), datasets: [{ label: 'Messages', data: counts.map(c => c.message_count), backgroundColor: COLORS[2] }] },
        channelsSummary: counts.map(c => `${c.channel}: ${c.message_count}`).join(', ') || 'none',
      });
    } catch (e) {
      this.setState({ error: e.message });
    }
  }

  async loadRange(event) {
    event?.preventDefault();
    const { from, to, bucket } = this.state;
    const range = { from: isoFromLocal(from), to: isoFromLocal(to) };
    this.setState({ error: null, series: null, peak: null });
    try {
      const [series, peak] = await Promise.all([
        this.props.api.get('/activity/messages', { bucket, ...range }), this.props.api.get('/activity/peak', range)]);
      const lines = series.payload.series;
      const starts = lines[0]?.points.map(p => p.start) || [];
      const label = iso => new Date(iso).toLocaleString([], bucket === 'minute' ? { hour: '2-digit', minute: '2-digit' } : { day: 'numeric', hour: '2-digit' });
      this.setState({
        series: { labels: starts.map(label), datasets: lines.map((line, i) => ({ label: `#${line.channel}`, data: line.points.map(p => p.count), borderColor: COLORS[i % COLORS.length], backgroundColor: COLORS[i % COLORS.length], pointRadius: 0 })) },
        seriesSummary: lines.map(line => `${line.channel}: ${line.points.reduce((sum, p) => sum + p.count, 0)} messages`).join(', ') || 'no messages',
        peak: peak.payload,
      });
    } catch (e) {
      this.setState({ error: e.message });
    }
  }

  render(_, { from, to, bucket, error, sessions, sessionsSummary, channels, channelsSummary, series, seriesSummary, peak }) {
    return h('section', null,
      error ? h('p', { class: 'banner danger', role: 'alert' }, error) : null,
      h('form', { class: 'inline', 'aria-label': 'Range', onSubmit: e => this.loadRange(e) },
        h('label', null, 'From', h('input', { type: 'datetime-local', value: from, onInput: e => this.setState({ from: e.target.value }) })),
        h('label', null, 'To', h('input', { type: 'datetime-local', value: to, onInput: e => this.setState({ to: e.target.value }) })),
        h('label', null, 'Per', h('select', { value: bucket, onChange: e => this.setState({ bucket: e.target.value }) },
          h('option', { value: 'minute' }, 'minute'), h('option', { value: 'hour' }, 'hour'))),
        h('button', { type: 'submit', class: 'primary' }, 'Show')),
      h('dl', { class: 'figures' }, h('div', { class: 'figure' },
        h('dt', null, 'Peak users online in the range'),
        h('dd', { 'data-testid': 'range-peak' }, peak == null ? h('span', { class: 'skeleton' }, 'Loading…')
          : `${peak.peak_concurrent_users}${peak.at ? ` (${new Date(peak.at).toLocaleString()})` : ''}`))),
      h('div', { class: 'charts' },
        h(ChartBox, { type: 'line', title: `Messages per ${bucket}`, summary: seriesSummary, data: series, testid: 'chart-series' }),
        h(ChartBox, { type: 'bar', title: 'Sessions per day (last 7 days)', summary: sessionsSummary, data: sessions, testid: 'chart-sessions' }),
        h(ChartBox, { type: 'bar', title: 'Messages per channel (all time)', summary: channelsSummary, data: channels, testid: 'chart-channels' })));
  }
}
