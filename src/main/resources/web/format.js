// Pure helpers shared by the other modules: numbers, sizes and times for people, and a tiny DOM
// builder. Everything from the server is inserted as text, never as HTML (notes and error messages
// are user- or attacker-controlled strings).

const SVG_NS = 'http://www.w3.org/2000/svg';

/** An element: h('td', {class: 'num', dataset: {label: 'Size'}}, '12 MiB', child…). */
export function h(tag, attrs = {}, ...children) {
  return build(document.createElement(tag), attrs, children);
}

/** The same for SVG elements (they need their namespace). */
export function s(tag, attrs = {}, ...children) {
  return build(document.createElementNS(SVG_NS, tag), attrs, children);
}

function build(el, attrs, children) {
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'dataset') Object.assign(el.dataset, v);
    else if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else if (k === 'text') el.textContent = v;
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat(Infinity)) { // helpers return arrays of parts that nest freely
    if (c === undefined || c === null || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

/** Binary units, as the CLI prints them: 1536 → "1.5 KiB". */
export function size(bytes) {
  if (bytes === null || bytes === undefined || Number.isNaN(Number(bytes))) return '—';
  const n = Number(bytes);
  if (n < 1024) return `${n} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
  let v = n;
  let u = -1;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${v.toFixed(v < 10 ? 1 : 0)} ${units[u]}`;
}

/** 850 → "850 ms", 4200 → "4.2 s", 125000 → "2 min 5 s". */
export function duration(ms) {
  if (ms === null || ms === undefined) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const sec = ms / 1000;
  if (sec < 60) return `${sec.toFixed(sec < 10 ? 1 : 0)} s`;
  const m = Math.floor(sec / 60);
  const rest = Math.round(sec - m * 60);
  if (m < 60) return rest ? `${m} min ${rest} s` : `${m} min`;
  const hr = Math.floor(m / 60);
  return `${hr} h ${m % 60} min`;
}

export function count(n) {
  return n === null || n === undefined ? '—' : Number(n).toLocaleString();
}

export function percent(ratio) {
  return ratio === null || ratio === undefined ? '—' : `${(ratio * 100).toFixed(ratio === 1 || ratio === 0 ? 0 : 1)} %`;
}

const LOCAL = new Intl.DateTimeFormat(undefined, {dateStyle: 'medium', timeStyle: 'medium'});

/** The browser's local time, e.g. "4 Mar 2026, 15:30:12" (seconds: backups minutes apart must not read alike). */
export function localTime(iso) {
  if (!iso) return '—';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? String(iso) : LOCAL.format(d);
}

/** "5 min ago", "in 3 h": a rough sense of distance next to an exact time. */
export function relative(iso, now = Date.now()) {
  if (!iso) return '';
  const diff = new Date(iso).getTime() - now;
  const abs = Math.abs(diff) / 1000;
  const [v, unit] = abs < 60 ? [Math.round(abs), 'second'] : abs < 3600 ? [Math.round(abs / 60), 'minute']
    : abs < 86400 ? [Math.round(abs / 3600), 'hour'] : [Math.round(abs / 86400), 'day'];
  return new Intl.RelativeTimeFormat(undefined, {numeric: 'auto'}).format(diff < 0 ? -v : v, unit);
}

/** A <time> element showing local time, with the exact UTC instant as its tooltip. */
export function timeEl(iso) {
  if (!iso) return h('span', {class: 'muted'}, '—');
  return h('time', {datetime: iso, title: `${iso} (UTC)`}, localTime(iso));
}

/** An exact local time followed by how long ago (or how soon) it is. */
export function when(iso) {
  return [timeEl(iso), h('span', {class: 'muted small'}, ` ${relative(iso)}`)];
}

/** "in_progress" → "in progress". */
export function label(value) {
  return value === null || value === undefined ? '—' : String(value).replaceAll('_', ' ');
}

/** A small coloured pill; the text always says the state (colour is never the only signal). */
export function badge(text, kind) {
  return h('span', {class: `badge badge-${kind || 'neutral'}`}, text);
}

export function statusBadge(status) {
  const kind = {completed: 'ok', in_progress: 'info', failed: 'bad', corrupted: 'bad'}[status];
  return badge(label(status), kind);
}

export function verificationBadge(verification) {
  const st = verification && typeof verification === 'object' ? verification.status : verification;
  if (!st) return badge('not verified', 'neutral');
  const text = {passed: '✓ verified', failed: '✗ failed', pending: 'pending'}[st] || st;
  const el = badge(text, {passed: 'ok', failed: 'bad', pending: 'neutral'}[st]);
  if (verification && verification.message) el.title = verification.message;
  return el;
}

/** An API error as a sentence, with its hint on a line of its own. */
export function errorBox(e) {
  return h('p', {class: 'error', role: 'alert'}, e.message, e.hint ? h('span', {class: 'hint'}, ` ${e.hint}`) : null);
}

/** An indeterminate progress bar with what is being waited for. */
export function working(text) {
  return h('p', {class: 'working'}, h('progress', {'aria-label': text}), ' ', text);
}

/** Messages as a list, or a muted line saying there are none. */
export function list(items, empty) {
  return items && items.length ? h('ul', {class: 'messages'}, items.map((m) => h('li', {}, m))) : h('p', {class: 'muted'}, empty);
}
