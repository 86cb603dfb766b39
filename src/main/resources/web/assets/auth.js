// OpenID Connect sign-in for a public client: authorization code with PKCE (S256), tokens kept in
// memory only, refreshed before they expire. Only the PKCE verifier and state cross the redirect,
// in sessionStorage, and are removed as soon as the code is exchanged.

const PENDING = 'onrabble.pkce';
const REFRESH_MARGIN_MS = 60_000;

export async function loadAppConfig() {
  const response = await fetch('/app-config.json', { cache: 'no-cache' });
  if (!response.ok) throw new Error(`app configuration: HTTP ${response.status}`);
  return response.json();
}

function base64Url(bytes) {
  let text = '';
  for (const b of new Uint8Array(bytes)) text += String.fromCharCode(b);
  return btoa(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function randomText(bytes = 32) {
  return base64Url(crypto.getRandomValues(new Uint8Array(bytes)));
}

/** The claims of a JWT, without verifying it: the server verifies; the page only reads the name and roles. */
export function claimsOf(token) {
  const part = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
  const json = decodeURIComponent(Array.from(atob(part), c => '%' + c.charCodeAt(0).toString(16).padStart(2, '0')).join(''));
  return JSON.parse(json);
}

export class Auth {
  constructor(config, clientId, redirectUri) {
    this.config = config;
    this.clientId = clientId;
    this.redirectUri = redirectUri;
    this.tokens = null;
    this.listeners = new Set();
    this.timer = null;
  }

  async discovery() {
    if (!this.metadata) {
      const response = await fetch(`${this.config.issuer}/.well-known/openid-configuration`);
      if (!response.ok) throw new Error(`the sign-in service answered HTTP ${response.status}`);
      this.metadata = await response.json();
    }
    return this.metadata;
  }

  /** Completes a sign-in redirect if this page load is one; true when signed in afterwards. */
  async init() {
    const params = new URLSearchParams(location.search);
    const pending = JSON.parse(sessionStorage.getItem(PENDING) || 'null');
    if (!params.has('code') && !params.has('error')) return false;
    sessionStorage.removeItem(PENDING);
    history.replaceState(null, '', location.pathname + location.hash);
    if (params.has('error')) throw new Error(`sign-in refused: ${params.get('error_description') || params.get('error')}`);
    if (!pending || pending.state !== params.get('state')) throw new Error('sign-in answer does not match this page’s request; sign in again');
    await this.grant({
      grant_type: 'authorization_code', code: params.get('code'), redirect_uri: this.redirectUri,
      client_id: this.clientId, code_verifier: pending.verifier,
    });
    return true;
  }

  async signIn() {
    const metadata = await this.discovery();
    const verifier = randomText(48);
    const state = randomText(16);
    const challenge = base64Url(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)));
    sessionStorage.setItem(PENDING, JSON.stringify({ verifier, state }));
    const url = new URL(metadata.authorization_endpoint);
    url.search = new URLSearchParams({
      response_type: 'code', client_id: this.clientId, redirect_uri: this.redirectUri, scope: 'openid',
      state, code_challenge: challenge, code_challenge_method: 'S256',
    }).toString();
    location.assign(url.toString());
  }

  async signOut() {
    const metadata = await this.discovery().catch(() => null);
    const idToken = this.tokens?.id_token;
    this.clear();
    if (metadata?.end_session_endpoint) {
      const url = new URL(metadata.end_session_endpoint);
      url.searchParams.set('post_logout_redirect_uri', this.redirectUri);
      url.searchParams.set('client_id', this.clientId);
      if (idToken) url.searchParams.set('id_token_hint', idToken);
      location.assign(url.toString());
    } else {
      location.assign(this.redirectUri);
    }
  }

  get accessToken() {
    return this.tokens?.access_token;
  }

  get claims() {
    return this.tokens ? claimsOf(this.tokens.access_token) : null;
  }

  /** Called with every new access token (after a refresh), or with null when the session ended. */
  onToken(listener) {
    this.listeners.add(listener);
  }

  async grant(fields) {
    const metadata = await this.discovery();
    const response = await fetch(metadata.token_endpoint, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(fields).toString(),
    });
    if (!response.ok) throw new Error(`the sign-in service refused the token request (HTTP ${response.status})`);
    const tokens = await response.json();
    this.tokens = { ...tokens, refresh_token: tokens.refresh_token || this.tokens?.refresh_token };
    this.schedule();
    return this.tokens;
  }

  /** Refreshes now (e.g. when the server says the token is expiring); false if the session is over. */
  async refresh() {
    if (!this.tokens?.refresh_token) return false;
    try {
      await this.grant({ grant_type: 'refresh_token', refresh_token: this.tokens.refresh_token, client_id: this.clientId });
      this.listeners.forEach(listener => listener(this.tokens.access_token));
      return true;
    } catch (e) {
      this.clear();
      this.listeners.forEach(listener => listener(null));
      return false;
    }
  }

  schedule() {
    clearTimeout(this.timer);
    const expiresAt = (this.claims.exp || 0) * 1000;
    const delay = Math.max(5_000, expiresAt - Date.now() - REFRESH_MARGIN_MS);
    this.timer = setTimeout(() => this.refresh(), delay);
  }

  clear() {
    clearTimeout(this.timer);
    this.tokens = null;
  }
}
