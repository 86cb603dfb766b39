// The admin REST API, called with the dashboard's access token as a bearer token.

export class ApiError extends Error {
  constructor(status, code, message) {
    super(message || code || `HTTP ${status}`);
    this.status = status;
    this.code = code;
  }
}

export class Api {
  constructor(auth) {
    this.auth = auth;
  }

  async call(method, path, body, retried = false) {
    const headers = { Authorization: `Bearer ${this.auth.accessToken}` };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    if (response.status === 401 && !retried && await this.auth.refresh()) return this.call(method, path, body, true);
    const text = await response.text();
    const json = text ? JSON.parse(text) : null;
    if (!response.ok) throw new ApiError(response.status, json?.code, json?.message);
    return json;
  }

  get(path, params) {
    const query = params ? new URLSearchParams(Object.entries(params).flatMap(([k, v]) =>
      Array.isArray(v) ? v.map(item => [k, item]) : (v === '' || v == null ? [] : [[k, v]]))).toString() : '';
    return this.call('GET', query ? `${path}?${query}` : path);
  }

  post(path, body) { return this.call('POST', path, body); }
  patch(path, body) { return this.call('PATCH', path, body); }
  put(path, body) { return this.call('PUT', path, body); }
  delete(path, body) { return this.call('DELETE', path, body); }
}

/** An HTML datetime-local value (local time) as RFC 3339 with offset, or '' when empty. */
export function isoFromLocal(value) {
  return value ? new Date(value).toISOString() : '';
}
