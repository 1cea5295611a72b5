// The retention preview: what the policy would keep and delete now, with the reason for every
// backup, and (for admins) applying it after an explicit second click that names how many backups go.

import {api} from './api.js';
import {h, size, count, localTime, errorBox, working} from './format.js';

const $ = (id) => document.getElementById(id);

/** The policy in one sentence; rules set to 0 are off and left out. */
function policyLine(p, zone) {
  if (!p) return null;
  const keep = [];
  if (p.keep_recent_hours) keep.push(`everything from the last ${p.keep_recent_hours} h`);
  const best = [[p.keep_daily_days, 'day'], [p.keep_weekly_weeks, 'week'], [p.keep_monthly_months, 'month']]
    .filter(([n]) => n).map(([n, unit]) => `${n} ${unit}${n === 1 ? '' : 's'}`);
  if (best.length) keep.push(`the best backup of each of the last ${best.join(', ')}`);
  const limits = [];
  if (p.max_days) limits.push(`nothing older than ${p.max_days} days`);
  if (p.max_count) limits.push(`at most ${p.max_count} backups`);
  limits.push(`at least ${p.min_count} kept`);
  return h('p', {class: 'muted small'}, `Policy: keep ${keep.length ? keep.join('; ') : 'every backup (no keep rule is set)'}; `
    + `${limits.join(', ')}${zone ? ` (calendar days in ${zone})` : ''}.`);
}

function decisionsTable(decisions) {
  if (decisions.length === 0) return h('p', {class: 'muted'}, 'There are no completed backups.');
  // data-label names each cell's column for the phone layout, where the header row is hidden (.cards).
  const cell = (label, attrs, ...content) => h('td', {...attrs, dataset: {label}}, ...content);
  return h('div', {class: 'table-wrap'}, h('table', {class: 'plain retention cards'},
    h('thead', {}, h('tr', {}, ['Backup', 'Created', 'Size', 'Decision', 'Reason'].map((t) => h('th', {scope: 'col'}, t)))),
    h('tbody', {}, decisions.map((d) => h('tr', {dataset: {id: d.id}},
      cell('Backup', {}, h('code', {class: 'id'}, d.id)),
      cell('Created', {}, localTime(d.created_at)),
      cell('Size', {class: 'num'}, d.size_bytes === undefined ? '—' : size(d.size_bytes)),
      cell('Decision', {}, h('span', {class: `badge badge-${d.keep ? 'ok' : 'bad'}`}, d.keep ? 'keep' : 'delete')),
      cell('Reason', {class: 'reason'}, d.reason))))));
}

/** Wires the dialog once; returns open(). Only admins get the button, so apply is always offered. */
export function createRetentionDialog(ctx) {
  const body = $('retention-body');
  const actions = $('retention-actions'); // in the footer, which stays in view below a long table

  async function open() {
    actions.replaceChildren();
    body.replaceChildren(working('Asking the server what retention would do now…'));
    $('retention-dialog').showModal();
    try {
      const plan = await api.retentionPreview();
      body.replaceChildren(view(plan));
      const doomed = (plan.decisions || []).filter((d) => !d.keep).length;
      if (doomed || (plan.expired_failed || []).length || plan.needs_retention_backup) actions.replaceChildren(...applyControls(doomed));
    } catch (err) {
      if (ctx.unauthorized(err)) $('retention-dialog').close();
      else if (err.status === 404) body.replaceChildren(h('p', {class: 'muted', dataset: {unavailable: 'true'}}, 'Retention preview is not available on this server.'));
      else body.replaceChildren(errorBox(err));
    }
  }

  function view(plan) {
    const decisions = plan.decisions || [];
    const doomed = decisions.filter((d) => !d.keep);
    const expired = plan.expired_failed || [];
    return h('div', {},
      h('p', {}, `Nothing is deleted by this preview. Applied now, retention would keep ${decisions.length - doomed.length} and delete `
        + `${doomed.length} of ${decisions.length} completed backups`
        + (plan.bytes_to_free ? `, freeing ${size(plan.bytes_to_free)}.` : '.')),
      policyLine(plan.policy, plan.timezone),
      plan.needs_retention_backup ? h('p', {class: 'notice-inline'},
        'Fewer completed backups than BACKUP_RETENTION_MIN_COUNT exist: applying first takes a backup with trigger retention.') : null,
      expired.length ? h('p', {}, `Failed records past BACKUP_RETENTION_MAX_DAYS that would leave the index: ${expired.join(', ')}.`) : null,
      decisionsTable(decisions));
  }

  /** Two clicks: the first arms the button and says exactly how many backups go. */
  function applyControls(n) {
    const out = h('span', {class: 'error', role: 'alert'});
    const apply = h('button', {type: 'button', class: 'btn btn-danger', id: 'retention-apply'}, 'Apply retention now…');
    const cancel = h('button', {type: 'button', class: 'btn', hidden: true}, 'Cancel');
    let armed = false;
    cancel.addEventListener('click', () => {
      armed = false;
      cancel.hidden = true;
      apply.textContent = 'Apply retention now…';
    });
    apply.addEventListener('click', async () => {
      if (!armed) {
        armed = true;
        cancel.hidden = false;
        apply.textContent = `Delete ${count(n)} backup${n === 1 ? '' : 's'} now`;
        return;
      }
      apply.disabled = true;
      cancel.disabled = true;
      out.replaceChildren(working('Applying retention…'));
      try {
        const r = await api.retentionApply();
        actions.replaceChildren();
        body.replaceChildren(h('p', {class: 'verdict ok'}, `✓ Retention applied: ${count(r.deleted_count)} deleted, ${size(r.freed_bytes)} freed.`),
          r.retention_backup_id ? h('p', {}, `A backup was taken first: ${r.retention_backup_id}.`) : null,
          r.skipped && r.skipped.length ? h('p', {}, `Skipped (in use): ${r.skipped.join('; ')}`) : null,
          decisionsTable((r.plan && r.plan.decisions) || []));
        ctx.notify('success', `Retention deleted ${count(r.deleted_count)} backups and freed ${size(r.freed_bytes)}.`);
        ctx.refresh();
      } catch (err) {
        if (ctx.unauthorized(err)) {
          $('retention-dialog').close();
          return;
        }
        out.replaceChildren(errorBox(err));
        apply.disabled = false;
        cancel.disabled = false;
      }
    });
    return [out, cancel, apply];
  }

  return open;
}
