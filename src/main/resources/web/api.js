// The dashboard's only way to the server. Every call carries the token; every failure becomes an
// ApiError whose message is a sentence a person can act on, built from the API's error envelope
// {"error":{"code","message","hint"}}.

// sessionStorage, not localStorage: the token dies with the tab and is not shared between tabs.
const TOKEN_KEY = 'cartographus.token';

export const session = {
  token: () => sessionStorage.getItem(TOKEN_KEY),
  save: (token) => sessionStorage.setItem(TOKEN_KEY, token),
  clear: () => sessionStorage.removeItem(TOKEN_KEY),
};

export class ApiError extends Error {
  constructor(status, code, message, hint, body) {
    super(message);
    this.status = status;
    this.code = code;
    this.hint = hint;
    this.body = body; // the whole response body: a failed restore still carries its result fields
  }
}

/** "another operation is running: backup 2026…" → "Another operation is running: backup 2026…". */
function sentence(text) {
  const t = String(text || '').trim();
  return t ? t.charAt(0).toUpperCase() + t.slice(1) : t;
}

const FALLBACK = {
  400: 'The server refused the request as invalid',
  401: 'The token is missing, invalid or revoked',
  403: 'This token is not allowed to do that',
  404: 'Not found',
  409: 'Another operation is running',
  413: 'The request is too large',
  422: 'The backup did not validate',
  503: 'The server is busy (a restore may be running)',
  507: 'Not enough free space for this operation',
};

function errorFrom(res, body) {
  const e = body && typeof body === 'object' && body.error && typeof body.error === 'object' ? body.error : {};
  let message = sentence(e.message) || FALLBACK[res.status] || `The server answered HTTP ${res.status}`;
  const retry = res.headers.get('Retry-After');
  if (res.status === 503 && retry) message += ` Try again in ${retry} s.`;
  return new ApiError(res.status, e.code || `HTTP_${res.status}`, message, e.hint ? sentence(e.hint) : null, body);
}

async function send(method, path, body) {
  const headers = {Accept: 'application/json'};
  const token = session.token();
  if (token) headers.Authorization = `Bearer ${token}`;
  const init = {method, headers, cache: 'no-store'};
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  try {
    return await fetch(path, init);
  } catch (e) {
    throw new ApiError(0, 'NETWORK', 'Cannot reach the server.', 'Check that "cartographus serve" is running and reachable.', null);
  }
}

async function call(method, path, body) {
  const res = await send(method, path, body);
  const text = await res.text();
  let data = null;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = null; // a proxy's HTML error page, say: the status alone must do
    }
  }
  if (!res.ok) throw errorFrom(res, data);
  return data;
}

function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  }
  const s = q.toString();
  return s ? `?${s}` : '';
}

const enc = encodeURIComponent;

export const api = {
  whoami: () => call('GET', '/api/v1/auth/whoami'),
  status: () => call('GET', '/api/v1/backup/status'),
  list: (params) => call('GET', `/api/v1/backup/list${query(params)}`),
  get: (id) => call('GET', `/api/v1/backup/${enc(id)}`),
  // wait=false: the server answers 202 with the in-progress record at once; we poll get(id).
  create: (type, notes) => call('POST', '/api/v1/backup/create?wait=false', notes ? {type, notes} : {type}),
  validate: (id) => call('POST', `/api/v1/backup/validate/${enc(id)}`),
  remove: (id) => call('DELETE', `/api/v1/backup/${enc(id)}`),
  restore: (id, options) => call('POST', `/api/v1/backup/restore/${enc(id)}`, options),
  // Opens the backup's database and compares every table by key: seconds on a large database.
  diff: (id) => call('GET', `/api/v1/backup/${enc(id)}/diff`),
  retentionPreview: () => call('GET', '/api/v1/backup/retention/preview'),
  retentionApply: () => call('POST', '/api/v1/backup/retention/apply'),

  /**
   * The archive as a Blob, reporting progress as it arrives.
   *
   * Why a Blob: the download route needs the Authorization header, so a plain <a href> cannot fetch
   * it, and putting the token in the URL would leak it into server logs and browser history. The
   * streaming alternatives do not work everywhere: the File System Access API (showSaveFilePicker)
   * is missing from Firefox, Safari and headless Chromium, and a service worker that adds the header
   * is a lot of machinery for one button. The cost is memory: the whole archive is held in the tab
   * until it is saved, so archives of several GB may fail in the browser; use
   * `cartographus backup download` (or curl) for those. The body is still read as a stream, so the
   * progress is real and the chunks are handed to the Blob without being copied into one buffer.
   */
  async download(id, onProgress) {
    const res = await send('GET', `/api/v1/backup/download/${enc(id)}`);
    if (!res.ok) {
      let data = null;
      try {
        data = await res.json();
      } catch {
        data = null;
      }
      throw errorFrom(res, data);
    }
    const total = Number(res.headers.get('Content-Length')) || 0;
    const name = /filename="([^"]+)"/.exec(res.headers.get('Content-Disposition') || '')?.[1] || `backup-${id}`;
    const checksum = (res.headers.get('X-Backup-Checksum') || '').replace(/^sha256=/, '');
    const reader = res.body.getReader();
    const chunks = [];
    let received = 0;
    for (;;) {
      const {done, value} = await reader.read();
      if (done) break;
      chunks.push(value);
      received += value.length;
      onProgress?.(received, total);
    }
    return {blob: new Blob(chunks, {type: res.headers.get('Content-Type') || 'application/octet-stream'}), name, checksum, size: received};
  },
};
