// The restore dialog: the seven options at their defaults, the plan in words (redrawn as options
// change), a confirmation that needs the backup id typed in, then the guide's response fields.

import {api} from './api.js';
import {h, size, duration, count, localTime, verificationBadge, errorBox, working, list} from './format.js';

// The guide's seven restore options. "auto" follows the backup's type, as the server does.
const RESTORE_OPTIONS = [
  ['validate_only', false, 'Only validate; change nothing'],
  ['create_pre_restore_backup', true, 'Take a full safety backup of the current state first'],
  ['stop_services', true, 'Pause sync and scheduled backups while restoring'],
  ['restore_database', 'database', 'Restore the database'],
  ['restore_config', 'config', 'Restore the configuration (applied at the next start)'],
  ['force_restore', false, 'Skip validation (dangerous: a damaged backup may be restored)'],
  ['verify_after_restore', true, 'Check the restored database and put the old one back if the check fails'],
];

const RESULT_FIELDS = ['success', 'backup_id', 'pre_restore_backup_id', 'database_restored', 'config_restored',
  'records_restored', 'duration_ms', 'restart_required', 'warnings', 'errors'];

const $ = (id) => document.getElementById(id);

function hasPart(type, part) {
  return type === 'full' || type === part;
}

/** Wires the dialog once; returns open(backup). ctx: notify, unauthorized, refresh. */
export function createRestoreDialog(ctx) {
  let restoring = null;
  const restoreForm = $('restore-form');
  let restoreRunning = false;
  // Escape must not hide a restore in flight: its result would have nowhere to show.
  $('restore-dialog').addEventListener('cancel', (e) => {
    if (restoreRunning) e.preventDefault();
  });

  function restoreOptions() {
    const out = {};
    for (const [key] of RESTORE_OPTIONS) out[key] = restoreForm.elements[key].checked;
    return out;
  }

  function openRestore(b) {
    restoring = b;
    $('restore-title').textContent = `Restore ${b.id}`;
    $('restore-summary').replaceChildren(`A ${b.type || ''} backup created ${localTime(b.created_at)}, ${size(b.size_bytes)}`,
      hasPart(b.type, 'database') ? `, ${count(b.record_count)} records` : '', '. Verification: ', verificationBadge(b.verification));
    $('restore-options').replaceChildren(...RESTORE_OPTIONS.map(([key, dflt, text]) => {
      const auto = typeof dflt === 'string';
      const possible = !auto || hasPart(b.type, dflt);
      const input = h('input', {type: 'checkbox', name: key, id: `opt-${key}`, disabled: !possible});
      input.checked = auto ? possible : dflt;
      return h('div', {class: 'option'}, input, h('label', {for: `opt-${key}`}, text, ' ', h('code', {}, key),
        h('span', {class: 'muted small'}, auto ? (possible ? ' (default: yes for this type)' : ` (not in a ${b.type} backup)`)
          : ` (default: ${dflt ? 'on' : 'off'})`)));
    }));
    $('restore-id').textContent = b.id;
    $('restore-confirm').value = '';
    $('restore-submit').disabled = true;
    $('restore-error').textContent = '';
    restoreForm.hidden = false;
    $('restore-result').hidden = true;
    renderSteps();
    $('restore-dialog').showModal();
    $('restore-confirm').focus();
  }

  /** The plan in words, redrawn whenever an option changes. */
  function renderSteps() {
    const o = restoreOptions();
    const id = restoring.id;
    const steps = [];
    const warn = (text) => h('li', {class: 'warn'}, text);
    steps.push(o.force_restore
      ? warn('Validation is skipped (force_restore): a damaged backup would be restored as it is.')
      : h('li', {}, `${id} is validated first: checksum, archive, files and database. If it is not valid, nothing changes.`));
    if (o.validate_only) {
      steps.push(h('li', {}, 'Then it stops: validate_only changes nothing.'));
    } else {
      if (!o.restore_database && !o.restore_config) steps.push(warn('Nothing is selected to restore: the server will refuse.'));
      steps.push(o.create_pre_restore_backup
        ? h('li', {}, 'A full backup of the current state is taken (trigger pre_restore), so this restore can be undone. '
          + (o.force_restore ? 'If it fails, the restore goes ahead anyway (force_restore).' : 'If it fails, the restore is refused.'))
        : warn('No safety backup is taken: the current data cannot be brought back after this restore.'));
      if (o.stop_services) {
        steps.push(h('li', {}, 'Sync and scheduled backups are paused; API calls that need the database answer 503 until the restore ends.'));
      } else if (o.restore_database) {
        steps.push(warn('A database restore needs services stopped: the server will refuse it with stop_services off.'));
      }
      if (o.restore_database) {
        steps.push(h('li', {}, 'The database is unpacked next to the live file and checked, then swapped in by rename and reopened in place; no restart is needed for it.'));
        steps.push(o.verify_after_restore
          ? h('li', {}, 'The reopened database is checked against the backup\'s manifest (tables, row counts, fingerprints). If the check fails, the previous database is put back automatically.')
          : warn('The restored database is not checked afterwards (verify_after_restore off).'));
      }
      if (o.restore_config) {
        steps.push(h('li', {}, 'The configuration is written to DATA_DIR/config.env and applies at the next start (restart required); secrets already configured are kept.'));
      }
      if (o.stop_services) steps.push(h('li', {}, 'Sync and scheduled backups resume.'));
    }
    $('restore-steps').replaceChildren(...steps);
    $('restore-submit').textContent = o.validate_only ? 'Validate only' : 'Restore';
  }

  restoreForm.addEventListener('change', renderSteps);
  $('restore-confirm').addEventListener('input', () => {
    $('restore-submit').disabled = $('restore-confirm').value.trim() !== restoring.id;
  });

  restoreForm.addEventListener('submit', async (e) => {
    e.preventDefault();
    if ($('restore-confirm').value.trim() !== restoring.id) return;
    const id = restoring.id;
    const options = restoreOptions();
    const fields = restoreForm.querySelectorAll('input, button');
    fields.forEach((f) => { f.dataset.wasDisabled = String(f.disabled); f.disabled = true; });
    $('restore-error').replaceChildren(working(options.validate_only ? 'Validating…'
      : 'Restoring… this validates the backup, takes a safety backup and swaps the database. Keep this tab open.'));
    let result;
    let failure = null;
    restoreRunning = true;
    try {
      result = await api.restore(id, options);
    } catch (err) {
      if (ctx.unauthorized(err)) {
        $('restore-dialog').close();
        return;
      }
      failure = err;
      result = err.body && typeof err.body === 'object' && 'success' in err.body ? err.body : null;
    } finally {
      restoreRunning = false;
      fields.forEach((f) => { f.disabled = f.dataset.wasDisabled === 'true'; });
    }
    if (!result) { // refused before it started (409 busy, 400 bad options…): the form stays for another try
      $('restore-error').replaceChildren(failure.message, failure.hint ? h('span', {class: 'hint'}, ` ${failure.hint}`) : '');
      $('restore-submit').disabled = $('restore-confirm').value.trim() !== id;
      return;
    }
    showRestoreResult(result, failure);
    ctx.refresh();
  });

  function value(key, v) {
    if (Array.isArray(v)) return v.length ? list(v) : h('span', {class: 'muted'}, 'none');
    if (v === null || v === undefined) return h('span', {class: 'muted'}, 'none');
    if (key === 'duration_ms') return `${count(v)} (${duration(v)})`;
    if (typeof v === 'number') return count(v);
    return String(v);
  }

  function showRestoreResult(r, failure) {
    const ok = r.success === true;
    const restored = r.database_restored || r.config_restored;
    const heading = !ok ? 'The restore failed.' : restored ? 'Restore completed.' : 'Validation passed; nothing was changed.';
    $('restore-form').hidden = true;
    const close = h('button', {type: 'button', class: 'btn btn-primary', 'data-close': true}, 'Close');
    $('restore-result').replaceChildren(h('div', {},
      h('p', {class: `verdict ${ok ? 'ok' : 'bad'}`}, ok ? `✓ ${heading}` : `✗ ${heading}`),
      failure ? errorBox(failure) : null,
      r.restart_required ? h('p', {class: 'notice-inline'}, 'Restart the server to apply the restored configuration.') : null,
      h('dl', {class: 'result'}, RESULT_FIELDS.map((k) => h('div', {}, h('dt', {}, h('code', {}, k)),
        h('dd', {dataset: {field: k}}, value(k, r[k]))))),
      h('div', {class: 'dialog-buttons'}, close)));
    $('restore-result').hidden = false;
    close.focus();
    ctx.notify(ok ? 'success' : 'error', ok ? `${heading} (${r.backup_id})` : `Restore of ${r.backup_id || restoring.id} failed.`);
  }

  return openRestore;
}
