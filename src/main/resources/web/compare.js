// "Compare with live": a backup's tables against the live database by primary key (the API's
// /diff), and, for admins, restoring some of those tables into the running database (merge or
// replace) behind the same typed-id confirmation as the full restore.

import {api} from './api.js';
import {h, count, duration, localTime, errorBox, working, list} from './format.js';

const COLUMNS = [
  ['backup_rows', 'Backup rows'],
  ['live_rows', 'Live rows'],
  ['only_in_backup', 'Only in backup'],
  ['only_in_live', 'Only in live'],
  ['changed', 'Changed'],
];

const RESULT_FIELDS = ['success', 'backup_id', 'pre_restore_backup_id', 'mode', 'tables_restored', 'records_restored',
  'duration_ms', 'restart_required', 'warnings', 'errors'];

const $ = (id) => document.getElementById(id);

/** A table can be restored when the backup has it and its columns fit the live one. */
const restorable = (t) => t.in_backup !== false && !(t.columns_fit && t.columns_fit.length);

/** Wires the dialog once; returns open(backup). ctx: notify, unauthorized, refresh, mayRestore(). */
export function createCompareDialog(ctx) {
  const form = $('compare-form');
  let comparing = null;
  let running = false;
  // As with the full restore: Escape must not hide a restore in flight.
  $('compare-dialog').addEventListener('cancel', (e) => {
    if (running) e.preventDefault();
  });

  async function open(b) {
    comparing = b;
    $('compare-title').textContent = `Compare ${b.id} with live`;
    $('compare-summary').textContent = `A ${b.type} backup created ${localTime(b.created_at)}, compared table by table `
      + 'with the live database by primary key. Nothing is changed by this comparison.';
    $('compare-body').replaceChildren(working('Reading the backup\'s database and comparing…'));
    $('compare-result').hidden = true;
    form.hidden = true;
    $('compare-close').hidden = false;
    $('compare-dialog').showModal();
    await load();
  }

  async function load() {
    let d;
    try {
      d = await api.diff(comparing.id);
    } catch (err) {
      if (ctx.unauthorized(err)) $('compare-dialog').close();
      else $('compare-body').replaceChildren(errorBox(err));
      return;
    }
    $('compare-body').replaceChildren(...[diffTable(d), d.warnings && d.warnings.length ? list(d.warnings) : null].filter(Boolean));
    if (ctx.mayRestore()) showForm(d);
  }

  function diffTable(d) {
    const names = Object.keys(d.tables);
    if (names.length === 0) return h('p', {class: 'muted'}, 'No table can be compared.');
    return h('div', {class: 'table-wrap'}, h('table', {class: 'plain compare'},
      h('thead', {}, h('tr', {}, h('th', {scope: 'col'}, 'Table'),
        COLUMNS.map(([, text]) => h('th', {scope: 'col', class: 'num'}, text)))),
      h('tbody', {}, names.map((name) => {
        const t = d.tables[name];
        return h('tr', {dataset: {table: name}},
          h('th', {scope: 'row'}, h('code', {}, name),
            t.in_backup === false ? h('div', {class: 'muted small'}, 'not in the backup') : null,
            (t.columns_fit || []).map((p) => h('div', {class: 'row-error'}, `does not fit: ${p}`))),
          COLUMNS.map(([key]) => h('td', {class: `num${key === 'only_in_backup' && t[key] ? ' missing' : ''}`,
            dataset: {field: key}}, count(t[key]))));
      }))));
  }

  // ---- table restore (admin) ----------------------------------------------------------------------

  function showForm(d) {
    const names = Object.keys(d.tables).filter((n) => restorable(d.tables[n]));
    // Pre-selected: the tables that lost rows, which is what one comes here to bring back.
    $('compare-tables').replaceChildren(...names.map((n) => {
      const input = h('input', {type: 'checkbox', name: 'tables', value: n, id: `tbl-${n}`});
      input.checked = d.tables[n].only_in_backup > 0;
      return h('div', {class: 'option'}, input, h('label', {for: `tbl-${n}`}, h('code', {}, n),
        h('span', {class: 'muted small'}, ` (${count(d.tables[n].only_in_backup)} only in the backup, `
          + `${count(d.tables[n].changed)} changed)`)));
    }));
    form.elements.mode.value = 'merge';
    form.elements.create_pre_restore_backup.checked = true;
    form.elements.verify_after_restore.checked = true;
    $('compare-id').textContent = comparing.id;
    $('compare-confirm').value = '';
    $('compare-error').textContent = '';
    renderSteps();
    form.hidden = names.length === 0;
    $('compare-close').hidden = !form.hidden; // the form's Cancel closes it then
  }

  function chosen() {
    return [...form.querySelectorAll('input[name="tables"]:checked')].map((i) => i.value);
  }

  function body() {
    return {tables: chosen(), mode: form.elements.mode.value,
      create_pre_restore_backup: form.elements.create_pre_restore_backup.checked,
      verify_after_restore: form.elements.verify_after_restore.checked};
  }

  /** The table restore in words, redrawn as the choices change. */
  function renderSteps() {
    const o = body();
    const warn = (text) => h('li', {class: 'warn'}, text);
    const steps = [];
    if (o.tables.length === 0) steps.push(warn('No table is selected: choose at least one.'));
    else steps.push(h('li', {}, `${comparing.id} is validated first; if it is not valid, nothing changes.`));
    steps.push(o.create_pre_restore_backup
      ? h('li', {}, 'A full backup of the current state is taken (trigger pre_restore), so this can be undone. If it fails, nothing changes.')
      : warn('No safety backup is taken: the current rows of these tables cannot be brought back afterwards.'));
    steps.push(o.mode === 'merge'
      ? h('li', {}, 'Merge: the backup\'s rows whose key is missing live are inserted; every live row, including what was synced since the backup, stays as it is.')
      : warn('Replace: the tables become equal to the backup\'s; rows added or changed since the backup are lost.'));
    steps.push(h('li', {}, 'All tables are written in one transaction in the running database: no pause, no restart.'));
    steps.push(o.verify_after_restore
      ? h('li', {}, 'The written tables are checked against the backup; if the check fails, the transaction is rolled back and nothing changes.')
      : warn('The written tables are not checked afterwards (verify_after_restore off).'));
    $('compare-steps').replaceChildren(...steps);
    updateSubmit();
  }

  function updateSubmit() {
    $('compare-submit').disabled = $('compare-confirm').value.trim() !== comparing.id || chosen().length === 0;
  }

  form.addEventListener('change', renderSteps);
  $('compare-confirm').addEventListener('input', updateSubmit);

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    if ($('compare-submit').disabled) return;
    const id = comparing.id;
    const request = body();
    const fields = form.querySelectorAll('input, button');
    fields.forEach((f) => { f.dataset.wasDisabled = String(f.disabled); f.disabled = true; });
    $('compare-error').replaceChildren(working('Restoring tables… this takes a safety backup first. Keep this tab open.'));
    let result;
    let failure = null;
    running = true;
    try {
      result = await api.restore(id, request);
    } catch (err) {
      if (ctx.unauthorized(err)) {
        $('compare-dialog').close();
        return;
      }
      failure = err;
      result = err.body && typeof err.body === 'object' && 'success' in err.body ? err.body : null;
    } finally {
      running = false;
      fields.forEach((f) => { f.disabled = f.dataset.wasDisabled === 'true'; });
    }
    if (!result) { // refused before it started (409 busy, 400, 422): the form stays for another try
      $('compare-error').replaceChildren(failure.message, failure.hint ? h('span', {class: 'hint'}, ` ${failure.hint}`) : '');
      updateSubmit();
      return;
    }
    showResult(result, failure);
    ctx.refresh();
  });

  function value(key, v) {
    if (Array.isArray(v)) return v.length ? list(v) : h('span', {class: 'muted'}, 'none');
    if (v === null || v === undefined) return h('span', {class: 'muted'}, 'none');
    if (key === 'duration_ms') return `${count(v)} (${duration(v)})`;
    if (key === 'tables_restored') return Object.entries(v).map(([t, n]) => `${t}: ${count(n)}`).join(', ') || 'none';
    if (typeof v === 'number') return count(v);
    return String(v);
  }

  function showResult(r, failure) {
    const ok = r.success === true;
    const heading = ok ? 'Tables restored.' : 'The table restore failed; nothing was changed.';
    form.hidden = true;
    $('compare-close').hidden = true;
    const again = h('button', {type: 'button', class: 'btn', id: 'compare-again', onclick: () => {
      $('compare-result').hidden = true;
      $('compare-close').hidden = false;
      $('compare-body').replaceChildren(working('Comparing again…'));
      load();
    }}, 'Compare again');
    const close = h('button', {type: 'button', class: 'btn btn-primary', 'data-close': true}, 'Close');
    $('compare-result').replaceChildren(h('div', {},
      h('p', {class: `verdict ${ok ? 'ok' : 'bad'}`}, ok ? `✓ ${heading}` : `✗ ${heading}`),
      failure ? errorBox(failure) : null,
      h('dl', {class: 'result'}, RESULT_FIELDS.map((k) => h('div', {}, h('dt', {}, h('code', {}, k)),
        h('dd', {dataset: {field: k}}, value(k, r[k]))))),
      h('div', {class: 'dialog-buttons'}, again, close)));
    $('compare-result').hidden = false;
    close.focus();
    ctx.notify(ok ? 'success' : 'error', ok ? `Restored ${Object.keys(r.tables_restored || {}).join(', ')} from ${r.backup_id} (${r.mode}).`
      : `Table restore from ${r.backup_id || comparing.id} failed.`);
  }

  return open;
}
