// The details dialog: one backup's whole record as GET /api/v1/backup/{id} returns it, for every role
// that can list backups. Read-only on purpose: the actions stay on the row, where the role decides them.

import {api} from './api.js';
import {h, size, count, duration, label, when, timeEl, statusBadge, verificationBadge, errorBox, working} from './format.js';

const $ = (id) => document.getElementById(id);

const muted = (text) => h('span', {class: 'muted'}, text);

function compression(c) {
  return c ? `${c.algorithm}, level ${c.level ?? 'unknown'}` : 'off';
}

function encryption(e) {
  if (!e) return 'not encrypted';
  return e.key_id ? ['encrypted with key ', h('code', {}, e.key_id)] : 'encrypted (key id not recorded)';
}

/** Null means the archive holds everything (the schema's words); dedup keeps the database in the chunk store. */
function storage(s) {
  if (!s || s.method !== 'dedup') return 'archive: everything is in the one file';
  return `dedup: a ${size(s.database_bytes)} database in ${count(s.chunks)} chunks of the store; `
    + `${size(s.added_bytes)} added to the store by this backup`;
}

function verification(v) {
  if (!v) return muted('off (BACKUP_VERIFY)');
  return [verificationBadge(v), v.at ? [' ', ...when(v.at)] : null, v.message ? h('div', {class: 'small'}, v.message) : null];
}

function offsite(o) {
  return [label(o.status), o.location ? [' to ', h('code', {class: 'path'}, o.location)] : null, o.at ? [' ', ...when(o.at)] : null,
    o.error ? h('div', {class: 'row-error'}, o.error) : null];
}

/** [API field, what a person calls it, its value]; a null value leaves the line out. */
function facts(b) {
  return [
    ['id', 'Backup', h('code', {class: 'id'}, b.id)],
    ['type', 'Type', b.type],
    ['trigger', 'Trigger', label(b.trigger)],
    ['status', 'Status', statusBadge(b.status)],
    ['error', 'Error', b.error ? h('span', {class: 'row-error'}, b.error) : null],
    ['created_at', 'Created', when(b.created_at)],
    ['completed_at', 'Completed', timeEl(b.completed_at)],
    ['duration_ms', 'Duration', duration(b.duration_ms)],
    // Both: the short size to read, the exact bytes to compare with a file on disk.
    ['size_bytes', 'Size', `${size(b.size_bytes)} (${count(b.size_bytes)} bytes)`],
    ['record_count', 'Records', b.type === 'config' ? [count(b.record_count), muted(' (a config backup holds no database)')]
      : count(b.record_count)],
    ['checksum', 'SHA-256', b.checksum ? h('code', {class: 'path'}, b.checksum) : muted('none')],
    ['file_name', 'File', b.file_name ? h('code', {class: 'path'}, b.file_name) : muted('none')],
    ['notes', 'Notes', b.notes || muted('none')],
    ['compression', 'Compression', compression(b.compression)],
    ['encryption', 'Encryption', encryption(b.encryption)],
    ['storage', 'Storage', storage(b.storage)],
    ['verification', 'Verification', verification(b.verification)],
    ['offsite', 'Off-site copy', b.offsite ? offsite(b.offsite) : null], // null: off-site copies are not configured
    ['duckdb_version', 'DuckDB', b.duckdb_version || muted('unknown')],
    ['app_version', 'Made by', b.app_version ? `Cartographus ${b.app_version}` : muted('unknown')],
  ].filter(([, , value]) => value !== null && value !== undefined);
}

/** The manifest's row counts, when the record carries them (config backups have none). */
function tables(t) {
  const names = Object.keys(t || {});
  if (!names.length) return null;
  const rows = names.map((n) => h('tr', {dataset: {table: n}}, h('th', {scope: 'row'}, h('code', {}, n)),
    h('td', {class: 'num'}, count(t[n]))));
  return [h('h3', {}, 'Tables'), h('div', {class: 'table-wrap'}, h('table', {class: 'plain'},
    h('thead', {}, h('tr', {}, h('th', {scope: 'col'}, 'Table'), h('th', {scope: 'col', class: 'num'}, 'Rows'))),
    h('tbody', {}, rows)))];
}

function view(b) {
  return h('div', {},
    h('dl', {class: 'result'}, facts(b).map(([key, term, value]) => h('div', {}, h('dt', {}, term),
      h('dd', {dataset: {field: key}}, value)))),
    tables(b.tables));
}

/** Wires the dialog once; returns open(id, opener). ctx: unauthorized. */
export function createDetailsDialog(ctx) {
  const dialog = $('details-dialog');
  const body = $('details-body');
  let showing = null;
  let opener = null;

  // The browser gives the focus back to the opener, unless a background refresh redrew the table
  // meanwhile: then it goes to the same backup's id in the new table.
  dialog.addEventListener('close', () => {
    if (opener && !opener.isConnected) {
      document.querySelector(`#backups button[data-details="${CSS.escape(showing)}"]`)?.focus();
    }
  });

  return async function open(id, from) {
    showing = id;
    opener = from || null;
    $('details-title').textContent = `Backup ${id}`;
    body.replaceChildren(working('Reading the record…'));
    dialog.showModal();
    try {
      const record = await api.get(id);
      if (showing === id) body.replaceChildren(view(record));
    } catch (err) {
      if (ctx.unauthorized(err)) dialog.close();
      else if (showing === id) body.replaceChildren(errorBox(err));
    }
  };
}
