// The dashboard page: sign-in and sign-out, the status panel, the backups table with filters and
// pages, and the chart. The dialogs behind the action buttons live in actions.js.

import {api, session} from './api.js';
import {h, size, count, percent, duration, relative, when, timeEl, label, badge, statusBadge, verificationBadge} from './format.js';
import {mountChart} from './chart.js';
import {createActions} from './actions.js';
import {createDetailsDialog} from './details.js';

const $ = (id) => document.getElementById(id);
const ROLES = ['viewer', 'operator', 'admin'];
const REFRESH_MS = 15000;
const OVERDUE_MS = 48 * 3600e3; // the guide's BackupOverdue alert

const state = {who: null, offset: 0, timer: null, loading: null, rows: new Map()};
let chart;

function allows(role, needed) {
  return ROLES.indexOf(role) >= ROLES.indexOf(needed);
}

// ---- notices -------------------------------------------------------------------------------------

/** A message at the top of the page. Errors stay until dismissed; information goes after 10 s. */
function notify(kind, message, hint) {
  const box = $('notices');
  // A server that stays down would otherwise add the same line at every background refresh.
  if ([...box.children].some((n) => n.dataset.text === message)) return;
  const note = h('div', {class: `notice notice-${kind}`, role: kind === 'error' ? 'alert' : 'status'},
    h('p', {}, message, hint ? h('span', {class: 'hint'}, ` ${hint}`) : null),
    h('button', {type: 'button', class: 'btn btn-small', 'aria-label': 'Dismiss this message', onclick: () => note.remove()}, '×'));
  note.dataset.text = message;
  box.append(note);
  while (box.children.length > 3) box.firstElementChild.remove();
  if (kind !== 'error') setTimeout(() => note.remove(), 10000);
}

/** A 401 anywhere means the token stopped working (revoked, or the server's tokens changed). */
function unauthorized(e) {
  if (e && e.status === 401) {
    signOut(`Signed out: ${e.message}. Sign in again with a valid token.`, 'error');
    return true;
  }
  return false;
}

function reportError(e) {
  if (!unauthorized(e)) notify('error', e.message, e.hint);
}

// ---- sign-in -------------------------------------------------------------------------------------

async function signIn(token, fromForm) {
  session.save(token);
  try {
    state.who = await api.whoami();
  } catch (e) {
    session.clear();
    showSignIn();
    if (fromForm || e.status !== 401) $('signin-error').textContent = e.message + (e.hint ? ` ${e.hint}` : '');
    return;
  }
  showDashboard();
}

function showSignIn() {
  $('dashboard').hidden = true;
  $('who').hidden = true;
  $('signin').hidden = false;
}

function showDashboard() {
  const {name, role} = state.who;
  $('signin').hidden = true;
  $('signin-error').textContent = '';
  $('token').value = '';
  $('who-name').textContent = name;
  $('who-role').textContent = role;
  $('who').hidden = false;
  $('dashboard').hidden = false;
  $('backups').classList.toggle('no-actions', !allows(role, 'operator'));
  actions.setRole(role);
  $('toolbar').replaceChildren(...actions.toolbar());
  state.offset = 0;
  $('status-title').setAttribute('tabindex', '-1');
  $('status-title').focus();
  refreshAll();
  clearInterval(state.timer);
  state.timer = setInterval(() => {
    if (!document.hidden && state.who) refreshAll({quiet: true});
  }, REFRESH_MS);
}

function signOut(message, kind = 'info') {
  session.clear();
  state.who = null;
  clearInterval(state.timer);
  actions.reset();
  // Nothing the last token could read stays on the page.
  $('status').replaceChildren();
  $('live-banner').replaceChildren();
  $('live-banner').hidden = true;
  $('activity').replaceChildren();
  $('backups').tBodies[0].replaceChildren();
  $('range').textContent = '';
  $('filters').reset();
  state.rows = new Map();
  chart.update([]);
  showSignIn();
  $('token').focus();
  if (message) notify(kind, message);
}

// ---- status panel --------------------------------------------------------------------------------

function stat(key, term, ...value) {
  return h('div', {class: 'stat'}, h('dt', {}, term), h('dd', {dataset: {stat: key}}, ...value));
}

/**
 * The live database does not open (health/ready is 503): the rest of the page may look fine, so say
 * it at the top and offer the restore of the newest backup that holds a database.
 */
function renderLiveBanner(st) {
  const banner = $('live-banner');
  const db = st.database || {};
  if (db.open !== false) {
    banner.hidden = true;
    banner.replaceChildren();
    return;
  }
  const ok = st.last_success;
  banner.replaceChildren(
    h('p', {}, h('strong', {}, 'The live database does not open. '), db.reason || 'No reason was given.'),
    ok
      ? h('p', {}, 'Restore the newest good backup, ', h('code', {class: 'id'}, ok.id), ` (${relative(ok.created_at)}). `,
        'The damaged files are kept aside, byte for byte. ',
        actions.restoreButton(ok, `Restore ${ok.id}…`) || h('span', {class: 'hint'}, 'An admin token can restore it here, or run: '
          + `cartographus backup restore ${ok.id}`))
      : h('p', {}, 'There is no completed backup holding a database to restore from.'));
  banner.hidden = false;
}

/** The last restore drill: when, which backup from where, passed or failed, and the recovery time it measured. */
function drillValue(st) {
  const d = st.last_drill;
  const next = st.next_drill ? h('span', {class: 'muted small'}, ` next ${relative(st.next_drill)}`) : null;
  if (!d) return [h('span', {class: 'muted'}, 'None yet'), next];
  return [d.passed ? badge('passed', 'ok') : badge('failed', 'bad'), ' ',
    d.backup_id ? h('code', {class: 'id'}, d.backup_id) : null, h('span', {class: 'muted small'}, ` (${d.source})`), h('br'),
    h('span', {}, `recovery ${duration(d.duration_ms)}`), ' ', ...when(d.started_at),
    d.passed ? null : h('div', {class: 'small', title: d.message}, d.message), next];
}

function renderStatus(st) {
  renderLiveBanner(st);
  const stats = st.stats || {};
  const storage = st.storage || {};
  const v = st.verification || {};
  const last = st.last_backup;
  const ok = st.last_success;
  const overdue = ok && Date.now() - Date.parse(ok.created_at) > OVERDUE_MS;
  $('status').replaceChildren(
    stat('last_backup', 'Last backup', last
      ? [h('code', {class: 'id'}, last.id), ' ', statusBadge(last.status), h('br'), ...when(last.created_at)]
      : h('span', {class: 'muted'}, 'None yet')),
    stat('last_success', 'Last success', ok
      ? [h('code', {class: 'id'}, ok.id), h('br'), ...when(ok.created_at), overdue ? badge('over 48 h ago', 'warn') : null]
      : badge('no successful backup', 'warn')),
    stat('next_scheduled', 'Next scheduled', st.next_scheduled ? when(st.next_scheduled)
      : h('span', {class: 'muted'}, st.scheduler_running ? '—' : 'Nothing scheduled')),
    stat('success_rate', 'Success rate', h('span', {class: 'big'}, percent(stats.success_rate)),
      h('span', {class: 'muted small'}, ` ${count(stats.completed_count)} completed, ${count(stats.failed_count)} failed`)),
    stat('storage_used', 'Storage used', h('span', {class: 'big'}, size(stats.total_size_bytes)),
      h('span', {class: 'muted small'}, ` in ${count(stats.total_count)} backups`)),
    stat('storage_free', 'Free space', h('span', {class: 'big'}, size(storage.free_bytes)),
      storage.backup_dir ? h('span', {class: 'muted small path'}, `on ${storage.backup_dir}`) : null),
    stat('verification', 'Verification', badge(`${count(v.passed)} passed`, 'ok'), ' ',
      badge(`${count(v.failed)} failed`, v.failed ? 'bad' : 'neutral'), ' ', badge(`${count(v.pending)} pending`, 'neutral')),
    stat('last_drill', 'Restore drill', ...drillValue(st)),
    stat('scheduler', 'Scheduler', st.scheduler_running ? badge('running', 'ok') : badge('stopped', 'warn')),
    stat('maintenance', 'Maintenance mode', st.maintenance_mode ? badge('on', 'warn') : badge('off', 'neutral')),
    stat('running', 'Running now', st.running ? h('span', {}, st.running) : h('span', {class: 'muted'}, 'Nothing'),
      st.services_paused ? [' ', badge('services paused', 'warn')] : null),
  );
}

// ---- backups table -------------------------------------------------------------------------------

function cell(labelText, ...content) {
  return h('td', {dataset: {label: labelText}}, ...content);
}

function row(b) {
  const tr = h('tr', {dataset: {id: b.id, status: b.status}},
    // The id opens the whole record, for every role: a viewer's table has no actions column.
    cell('Backup', h('button', {type: 'button', class: 'link id', dataset: {details: b.id}, 'aria-haspopup': 'dialog',
      'aria-label': `Details of ${b.id}`, title: 'Show the whole record'}, b.id),
      b.notes ? h('div', {class: 'notes'}, b.notes) : null,
      b.error ? h('div', {class: 'row-error'}, b.error) : null),
    cell('Type', b.type, h('div', {class: 'muted small', title: 'trigger'}, label(b.trigger))),
    cell('Status', statusBadge(b.status)),
    cell('Created', timeEl(b.created_at)),
    cell('Size', b.status === 'completed' ? size(b.size_bytes) : '—'),
    cell('Duration', duration(b.duration_ms)),
    cell('Records', b.status === 'completed' && b.type !== 'config' ? count(b.record_count) : '—'),
    cell('Verification', verificationBadge(b.verification)));
  for (const i of [4, 5, 6]) tr.children[i].classList.add('num');
  if (allows(state.who.role, 'operator')) {
    const buttons = actions.rowButtons(b);
    tr.append(h('td', {class: 'col-actions', dataset: {label: 'Actions'}},
      buttons.length ? h('div', {class: 'row-actions'}, buttons) : h('span', {class: 'muted'}, '—')));
  }
  return tr;
}

/** A selector for the same button in the redrawn table: an id by its backup, an action by both. */
function sameButton(b) {
  const d = b.dataset;
  return d.details ? `button[data-details="${CSS.escape(d.details)}"]` : `button[data-action="${d.action}"][data-id="${CSS.escape(d.id)}"]`;
}

function filters() {
  const f = $('filters').elements;
  return {type: f.type.value, status: f.status.value, trigger: f.trigger.value, limit: Number(f.limit.value)};
}

async function refreshList() {
  const q = filters();
  const data = await api.list({...q, offset: state.offset});
  if (data.backups.length === 0 && state.offset > 0 && data.total > 0) {
    state.offset = Math.max(0, Math.floor((data.total - 1) / q.limit) * q.limit); // the page emptied (deletes)
    return refreshList();
  }
  const body = $('backups').tBodies[0];
  // Re-rendering must not throw a keyboard user out of the table: remember the focused button.
  const focused = document.activeElement?.closest?.('#backups button');
  const again = focused ? sameButton(focused) : null;
  if (data.backups.length === 0) {
    const filtered = q.type || q.status || q.trigger;
    body.replaceChildren(h('tr', {class: 'empty'}, h('td', {colspan: 9},
      filtered ? 'No backups match these filters.' : 'No backups yet.')));
  } else {
    body.replaceChildren(...data.backups.map(row));
  }
  state.rows = new Map(data.backups.map((b) => [b.id, b]));
  if (again) body.querySelector(again)?.focus();
  const shown = data.backups.length;
  $('range').textContent = data.total === 0 ? '0 backups'
    : `${state.offset + 1}–${state.offset + shown} of ${data.total}`;
  $('prev').disabled = state.offset === 0;
  $('next').disabled = state.offset + shown >= data.total;
}

async function refreshChart() {
  const data = await api.list({status: 'completed', limit: 200});
  chart.update(data.backups);
}

/** Status, table and chart; background refreshes report only the first failure, once. */
async function refreshAll({quiet = false} = {}) {
  if (!state.who) return;
  if (state.loading) return state.loading;
  state.loading = Promise.allSettled([api.status().then(renderStatus), refreshList(), refreshChart()])
    .then((results) => {
      const failed = results.find((r) => r.status === 'rejected');
      if (failed && state.who) {
        if (unauthorized(failed.reason)) return;
        if (!quiet || failed.reason.status !== 503) notify('error', failed.reason.message, failed.reason.hint);
      }
    })
    .finally(() => {
      state.loading = null;
    });
  return state.loading;
}

// ---- wiring --------------------------------------------------------------------------------------

const actions = createActions({notify, unauthorized, reportError, refresh: () => refreshAll(), activity: () => $('activity')});
const openDetails = createDetailsDialog({unauthorized});

function start() {
  chart = mountChart($('chart'));
  $('signin-form').addEventListener('submit', (e) => {
    e.preventDefault();
    const token = $('token').value.trim();
    if (!token) {
      $('signin-error').textContent = 'Enter a token.';
      $('token').focus();
      return;
    }
    signIn(token, true);
  });
  $('sign-out').addEventListener('click', () => signOut('Signed out.'));
  $('refresh').addEventListener('click', () => refreshAll());
  $('filters').addEventListener('submit', (e) => e.preventDefault());
  $('filters').addEventListener('change', () => {
    state.offset = 0;
    refreshList().catch(reportError);
  });
  $('prev').addEventListener('click', () => {
    state.offset = Math.max(0, state.offset - filters().limit);
    refreshList().catch(reportError);
  });
  $('next').addEventListener('click', () => {
    state.offset += filters().limit;
    refreshList().catch(reportError);
  });
  $('backups').addEventListener('click', (e) => {
    const details = e.target.closest('button[data-details]');
    if (details) openDetails(details.dataset.details, details);
    const button = e.target.closest('button[data-action]');
    if (button) actions.run(button.dataset.action, state.rows.get(button.dataset.id) || {id: button.dataset.id});
  });
  const saved = session.token();
  if (saved) signIn(saved, false);
  else showSignIn();
}

start();
