// The screen before sign-in, and the one shown when the page cannot start at all.
import { h, Component } from './lib.js';

export class SignIn extends Component {
  async go() {
    this.setState({ busy: true, error: null });
    try {
      await this.props.auth.signIn();
    } catch (e) {
      this.setState({ busy: false, error: e.message });
    }
  }

  render({ config, what, reason }, { busy, error }) {
    return h('main', { class: 'signin' },
      h('h1', null, 'OnRabble'),
      reason ? h('p', { class: 'banner warn', role: 'alert' }, reason) : null,
      h('p', null, `Sign in to use ${what}.`),
      config.development_issuer
        ? h('p', { class: 'banner dev' }, 'This server runs in development mode: sign-in asks only for a username (no password).')
        : null,
      h('button', { type: 'button', class: 'primary', id: 'sign-in-start', disabled: busy, onClick: () => this.go() },
        config.development_issuer ? 'Development sign-in' : reason ? 'Sign in again' : 'Sign in'),
      reason ? h('button', { type: 'button', class: 'secondary', onClick: () => this.props.auth.signOut() }, 'Sign out first') : null,
      error ? h('p', { class: 'banner danger', role: 'alert' }, `Sign-in is not available: ${error}`) : null);
  }
}

export function Fatal({ error }) {
  return h('main', { class: 'signin' },
    h('h1', null, 'OnRabble'),
    h('p', { class: 'banner danger', role: 'alert' }, `Something went wrong: ${error.message}`),
    h('p', null, h('a', { href: location.pathname }, 'Start again')));
}
