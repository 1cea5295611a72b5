// The actions a role allows and their dialogs: create (with progress), validate, download and
// delete; restore and retention have their own modules. Which buttons appear is a convenience: the
// server checks the token's role on every call all the same.

import {api} from './api.js';
import {h, size, duration, count, localTime, label, errorBox, working, list} from './format.js';
import {createRestoreDialog} from './restore.js';
import {createRetentionDialog} from './retention.js';
import {createCompareDialog} from './compare.js';

const ROLES = ['viewer', 'operator', 'admin'];
// compare: the API lets viewers read a diff, but a viewer's dashboard (a wall screen) has no action
// column at all; the table restore inside the comparison is offered to admins only.
const NEEDS = {create: 'operator', validate: 'operator', compare: 'operator', download: 'admin', delete: 'admin', restore: 'admin',
  retention: 'admin'};
const POLL_MS = 1000;
const VERIFY_DOWNLOAD_MAX = 512 * 1024 * 1024; // hashing in the tab needs a second copy in memory

const CHECKS = [
  ['checksum_valid', 'Checksum', 'the SHA-256 of the archive matches its record and its .sha256 file'],
  ['archive_readable', 'Archive readable', 'the whole archive decompresses (and decrypts) and every entry reads'],
  ['files_complete', 'Files complete', 'every file this type needs is present and matches the manifest'],
  ['database_valid', 'Database valid', 'the database opens read-only, every table scans, counts and fingerprints match'],
];

const $ = (id) => document.getElementById(id);

/** The actions, bound to the page through ctx: notify, unauthorized, reportError, refresh, activity. */
export function createActions(ctx) {
  let role = 'viewer';
  let generation = 0; // bumped on sign-out, so polls started by the previous token stop
  let deleting = null;
  const openRestore = createRestoreDialog(ctx);
  const openRetention = createRetentionDialog(ctx);
  const openCompare = createCompareDialog({...ctx, mayRestore: () => allowed('restore')});

  const allowed = (action) => ROLES.indexOf(role) >= ROLES.indexOf(NEEDS[action]);
  const button = (action, text, b, cls = '') => h('button', {type: 'button', class: `btn btn-small ${cls}`,
    dataset: {action, id: b.id}, 'aria-label': `${text.replace('…', '')} ${b.id}`}, text);

  // ---- create, with progress -------------------------------------------------------------------

  const createForm = $('create-form');
  const notes = $('create-notes');
  const countNotes = () => {
    $('create-count').textContent = `${notes.value.length} of 500 characters`;
  };
  notes.addEventListener('input', countNotes);

  function openCreate() {
    createForm.reset();
    countNotes();
    $('create-error').textContent = '';
    $('create-dialog').showModal();
  }

  createForm.addEventListener('submit', async (e) => {
    e.preventDefault();
    const submit = $('create-submit');
    const type = createForm.elements.type.value;
    const text = notes.value.trim();
    $('create-error').textContent = '';
    submit.disabled = true;
    submit.textContent = 'Starting…';
    try {
      const record = await api.create(type, text || undefined);
      $('create-dialog').close();
      track(record);
    } catch (err) {
      if (ctx.unauthorized(err)) $('create-dialog').close();
      else $('create-error').replaceChildren(err.message, err.hint ? h('span', {class: 'hint'}, ` ${err.hint}`) : '');
      if (err.status === 409) ctx.refresh(); // the status panel then names what is running
    } finally {
      submit.disabled = false;
      submit.textContent = 'Create backup';
    }
  });

  /**
   * The server's progress of the running operation (backup/status): the bar fills with the phase's
   * percent when its size is known and stays indeterminate otherwise; the text says phase, bytes, rate, time left.
   */
  async function showProgress(record, bar, text, started) {
    let p = null;
    try {
      const st = await api.status();
      if (st.running && st.running.includes(record.id)) p = st.progress;
    } catch (err) {
      // The record poll reports failures; a missed progress reading only leaves the last one shown.
    }
    const elapsed = `${Math.round((Date.now() - started) / 1000)} s`;
    if (!p) return;
    if (p.percent === null || p.percent === undefined) {
      bar.removeAttribute('value');
    } else {
      bar.max = 100;
      bar.value = p.percent;
    }
    const parts = [`Backup ${record.id} (${record.type}): ${p.phase}`];
    if (p.percent !== null && p.percent !== undefined) parts.push(`${Math.round(p.percent)} %`);
    if (p.bytes_total !== null && p.bytes_total !== undefined) parts.push(`${size(p.bytes_done)} of ${size(p.bytes_total)}`);
    if (p.bytes_per_second) parts.push(`${size(p.bytes_per_second)}/s`);
    if (p.eta_seconds !== null && p.eta_seconds !== undefined) parts.push(`about ${duration(p.eta_seconds * 1000)} left`);
    parts.push(elapsed);
    text.textContent = parts.join(' · ');
  }

  /** Shows a running backup until its record leaves in_progress, then says how it ended. */
  function track(record) {
    const mine = generation;
    const started = Date.now();
    const text = h('span', {}, `Backup ${record.id} is running…`);
    const bar = h('progress', {'aria-label': `Backup ${record.id} running`});
    const item = h('div', {class: 'activity-item', dataset: {id: record.id}}, bar, text);
    ctx.activity().append(item);
    ctx.refresh();
    const tick = async () => {
      if (mine !== generation) return;
      text.textContent = `Backup ${record.id} (${record.type}) is running… ${Math.round((Date.now() - started) / 1000)} s`;
      let now;
      try {
        now = await api.get(record.id);
      } catch (err) {
        if (ctx.unauthorized(err)) return;
        if (err.status === 404) {
          item.remove();
          ctx.notify('error', `Backup ${record.id} disappeared from the index.`);
          return;
        }
        setTimeout(tick, POLL_MS * 3); // 503 during a restore, a network blip: keep watching
        return;
      }
      if (now.status === 'in_progress') {
        await showProgress(record, bar, text, started);
        setTimeout(tick, POLL_MS);
        return;
      }
      item.remove();
      if (now.status === 'completed') {
        ctx.notify('success', `Backup ${now.id} completed: ${size(now.size_bytes)} in ${duration(now.duration_ms)}`
          + (now.type === 'config' ? '.' : `, ${count(now.record_count)} records.`)
          + (now.verification && now.verification.status === 'pending' ? ' Verification runs in the background.' : ''));
      } else {
        ctx.notify('error', `Backup ${now.id} ${label(now.status)}: ${now.error || 'no reason given'}`);
      }
      ctx.refresh();
    };
    setTimeout(tick, POLL_MS);
  }

  // ---- validate --------------------------------------------------------------------------------

  async function openValidate(b) {
    const body = $('validate-body');
    $('validate-title').textContent = `Validate ${b.id}`;
    body.replaceChildren(working('Reading and checking the whole archive…'));
    $('validate-dialog').showModal();
    try {
      body.replaceChildren(validationView(await api.validate(b.id)));
    } catch (err) {
      if (ctx.unauthorized(err)) $('validate-dialog').close();
      else body.replaceChildren(errorBox(err));
    }
    ctx.refresh();
  }

  function validationView(r) {
    return h('div', {class: 'validation'},
      h('p', {class: `verdict ${r.valid ? 'ok' : 'bad'}`, dataset: {valid: String(r.valid)}},
        r.valid ? '✓ The backup is valid.' : '✗ The backup is not valid.'),
      h('ul', {class: 'checks'}, CHECKS.map(([key, name, what]) => h('li', {class: `check ${r[key] ? 'ok' : 'bad'}`, dataset: {check: key}},
        h('span', {class: 'mark', 'aria-hidden': 'true'}, r[key] ? '✓' : '✗'),
        h('span', {}, h('strong', {}, name), `: ${r[key] ? 'passed' : 'failed'}`, h('br'), h('small', {class: 'muted'}, what))))),
      h('h3', {}, 'Errors'), list(r.errors, 'None.'),
      h('h3', {}, 'Warnings'), list(r.warnings, 'None.'));
  }

  // ---- delete ----------------------------------------------------------------------------------

  function openDelete(b) {
    deleting = b.id;
    $('delete-title').textContent = `Delete backup ${b.id}?`;
    $('delete-text').textContent = `Its archive, checksum file and record are removed from the backup directory`
      + (b.created_at ? ` (created ${localTime(b.created_at)}, ${size(b.size_bytes)})` : '') + '. This cannot be undone.';
    $('delete-error').textContent = '';
    $('delete-dialog').showModal();
  }

  $('delete-confirm').addEventListener('click', async () => {
    const id = deleting;
    const confirm = $('delete-confirm');
    confirm.disabled = true;
    try {
      await api.remove(id);
      $('delete-dialog').close();
      ctx.notify('success', `Deleted backup ${id}.`);
      ctx.refresh();
    } catch (err) {
      if (ctx.unauthorized(err)) $('delete-dialog').close();
      else $('delete-error').textContent = err.message + (err.hint ? ` ${err.hint}` : '');
    } finally {
      confirm.disabled = false;
    }
  });

  // ---- download --------------------------------------------------------------------------------

  async function download(b) {
    const bar = h('progress', {'aria-label': `Downloading ${b.id}`});
    const text = h('span', {}, `Downloading ${b.id}…`);
    const item = h('div', {class: 'activity-item'}, bar, text);
    ctx.activity().append(item);
    try {
      const file = await api.download(b.id, (got, total) => {
        if (total) {
          bar.max = total;
          bar.value = got;
        }
        text.textContent = `Downloading ${b.id}: ${size(got)}${total ? ` of ${size(total)}` : ''}`;
      });
      let checked = '';
      if (file.checksum && globalThis.crypto?.subtle && file.size <= VERIFY_DOWNLOAD_MAX) {
        text.textContent = `Checking the SHA-256 of ${file.name}…`;
        const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', await file.blob.arrayBuffer()));
        const hex = Array.from(digest, (x) => x.toString(16).padStart(2, '0')).join('');
        if (hex !== file.checksum) {
          throw new Error(`The downloaded ${file.name} does not match the backup's checksum; it was not saved. Try again.`);
        }
        checked = ' SHA-256 checked.';
      }
      const url = URL.createObjectURL(file.blob);
      const a = h('a', {href: url, download: file.name, hidden: true});
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60000);
      ctx.notify('success', `Downloaded ${file.name} (${size(file.size)}).${checked}`);
    } catch (err) {
      ctx.reportError(err);
    } finally {
      item.remove();
    }
  }

  // ---- shared ----------------------------------------------------------------------------------

  document.addEventListener('click', (e) => {
    const close = e.target.closest('[data-close]');
    if (close) close.closest('dialog')?.close();
  });

  return {
    setRole(r) {
      role = r;
    },

    /** Buttons above the table that do not belong to one backup. */
    toolbar() {
      const out = [];
      if (allowed('create')) out.push(h('button', {type: 'button', class: 'btn btn-primary', id: 'create-open', onclick: openCreate}, 'Create backup'));
      if (allowed('retention')) out.push(h('button', {type: 'button', class: 'btn', id: 'retention-open', onclick: openRetention}, 'Retention preview'));
      return out;
    },

    /** A restore button for {@code b}, or null when this role may not restore. */
    restoreButton(b, text) {
      if (!allowed('restore')) return null;
      // The status carries a summary; the dialog shows the whole record (record count, verification).
      return h('button', {type: 'button', class: 'btn btn-warn', id: 'live-restore',
        onclick: () => api.get(b.id).then(openRestore, ctx.reportError)}, text);
    },

    /** The per-backup actions this role may take on this backup. */
    rowButtons(b) {
      const out = [];
      const completed = b.status === 'completed';
      if (completed && allowed('validate')) out.push(button('validate', 'Validate', b));
      if (completed && allowed('download')) out.push(button('download', 'Download', b));
      if (completed && b.type !== 'config' && allowed('compare')) out.push(button('compare', 'Compare with live…', b));
      if (completed && allowed('restore')) out.push(button('restore', 'Restore…', b, 'btn-warn'));
      if (b.status !== 'in_progress' && allowed('delete')) out.push(button('delete', 'Delete…', b, 'btn-danger'));
      return out;
    },

    run(action, b) {
      if (!allowed(action)) return;
      ({validate: openValidate, download, compare: openCompare, delete: openDelete, restore: openRestore})[action]?.(b);
    },

    /** Sign-out: close every dialog and stop watching backups started with the old token. */
    reset() {
      generation++;
      role = 'viewer';
      document.querySelectorAll('dialog[open]').forEach((d) => d.close());
    },
  };
}
