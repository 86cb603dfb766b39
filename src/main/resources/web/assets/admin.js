// The admin dashboard at /admin: live overview, channels, message search, users, bans, rate limits
// and analytics. Pages are chosen by the URL fragment (#channels, ...).
import { h, render, Component } from './lib.js';
import { Auth, loadAppConfig } from './auth.js';
import { Connection } from './connection.js';
import { SignIn, Fatal } from './signin.js';
import { Api } from './api.js';
import { Overview, LiveFigures } from './overview.js';
import { Channels } from './channels.js';
import { Messages, Users, Bans, RateLimits } from './moderation.js';
import { Analytics } from './analytics.js';

const PAGES = [
  ['overview', 'Overview', Overview],
  ['channels', 'Channels', Channels],
  ['messages', 'Messages', Messages],
  ['users', 'Users', Users],
  ['bans', 'Bans', Bans],
  ['limits', 'Rate limits', RateLimits],
  ['analytics', 'Analytics', Analytics],
];

function currentPage() {
  const name = location.hash.slice(1);
  return PAGES.some(([id]) => id === name) ? name : 'overview';
}

class Dashboard extends Component {
  constructor(props) {
    super(props);
    this.state = { page: currentPage(), channels: null, connection: { status: 'connecting' } };
    this.live = new LiveFigures(props.config.feed_interval_ms);
    this.connection = new Connection(props.config.ws_url, props.auth, frame => this.frame(frame),
      connection => this.setState({ connection }));
    this.onHash = () => this.setState({ page: currentPage() }, () => document.getElementById('page-title')?.focus());
  }

  componentDidMount() {
    addEventListener('hashchange', this.onHash);
    this.connection.start();
  }

  componentWillUnmount() {
    removeEventListener('hashchange', this.onHash);
    this.connection.stop();
  }

  // The dashboard's connection also receives every chat message; only the feed and the channel list
  // change what it shows, so a busy server costs no repaint here.
  frame({ type, payload }) {
    if (type === 'active_channels') this.setState({ channels: payload.channels || [] });
    else if (type === 'analytics_snapshot') this.live.snapshot(payload);
    else if (type === 'analytics_update') this.live.update(payload);
  }

  render({ api, auth, me }, { page, channels, connection }) {
    const [, title, Page] = PAGES.find(([id]) => id === page);
    return h('div', { class: 'admin' },
      h('header', { class: 'topbar' },
        h('h1', null, 'OnRabble admin'),
        h('span', { class: `status ${connection.status}`, role: 'status' },
          connection.status === 'open' ? 'Live' : connection.reason || 'Connecting…'),
        h('span', { class: 'me' }, me.username),
        h('a', { href: '/' }, 'Chat'),
        h('button', { type: 'button', class: 'link', onClick: () => auth.signOut() }, 'Sign out')),
      h('nav', { class: 'pages', 'aria-label': 'Dashboard pages' },
        h('ul', null, PAGES.map(([id, label]) => h('li', { key: id },
          h('a', { href: `#${id}`, 'aria-current': id === page ? 'page' : null }, label))))),
      h('main', { 'aria-labelledby': 'page-title' },
        h('h2', { id: 'page-title', tabIndex: -1 }, title),
        h(Page, { api, channels, live: this.live })));
  }
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
    const auth = new Auth(config, config.dashboard_client_id, `${location.origin}/admin`);
    if (!(await auth.init())) {
      show(h(SignIn, { config, auth, what: 'the admin dashboard' }));
      return;
    }
    const claims = auth.claims;
    const roles = claims.realm_access?.roles || [];
    if (!roles.includes(config.admin_role)) {
      show(h(SignIn, { config, auth, what: 'the admin dashboard',
        reason: `${claims.preferred_username} is signed in but lacks the “${config.admin_role}” role the dashboard requires. Sign in as an administrator.` }));
      return;
    }
    show(h(Dashboard, { config, auth, api: new Api(auth), me: { username: claims.preferred_username } }));
  } catch (e) {
    show(h(Fatal, { error: e }));
  }
}

main();
