// Backup size and duration over time as a hand-drawn SVG: two series on one time axis, size on the
// left scale and duration on the right. Drawn at the container's real pixel width (and redrawn when
// it changes) so the labels keep their size on a phone instead of shrinking with a viewBox.
// The series differ by colour, line style and marker shape, and a data table follows for readers who
// cannot see the picture.

import {h, s, size, duration, localTime} from './format.js';

const MARGIN = {top: 24, right: 62, bottom: 34, left: 70};

/** 1, 2, 2.5 or 5 times a power of ten, at least x. */
function niceStep(x) {
  const p = 10 ** Math.floor(Math.log10(x));
  const f = x / p;
  return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 2.5 ? 2.5 : f <= 5 ? 5 : 10) * p;
}

/** Ticks from 0 to a round number not below max, about n of them. */
function ticks(max, n) {
  const step = niceStep(max > 0 ? max / n : 1);
  const top = Math.max(step, Math.ceil(max / step - 1e-9) * step);
  const out = [];
  for (let i = 0; i * step <= top + step * 1e-9; i++) out.push(i * step);
  return out;
}

/** Size ticks in one binary unit, so the labels read 0, 50, 100 MiB rather than 47.7 MiB steps. */
function sizeTicks(max) {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let k = 0;
  while (k < units.length - 1 && max >= 1024 ** (k + 1)) k++;
  const scale = 1024 ** k;
  return ticks(max / scale, 4).map((v) => ({value: v * scale, text: `${+v.toFixed(2)} ${units[k]}`}));
}

/** Exactly k intervals, so the duration labels sit on the size scale's grid lines. */
function durationTicks(maxMs, k) {
  const [scale, unit] = maxMs < 1000 ? [1, 'ms'] : maxMs < 120000 ? [1000, 's'] : [60000, 'min'];
  const step = niceStep(Math.max(maxMs, 1) / scale / k);
  return Array.from({length: k + 1}, (_, i) => ({value: i * step * scale, text: `${+(i * step).toFixed(2)} ${unit}`}));
}

function timeLabel(t, spanMs) {
  const d = new Date(t);
  const opts = spanMs < 36 * 3600e3 ? {hour: '2-digit', minute: '2-digit'} : {month: 'short', day: 'numeric'};
  return new Intl.DateTimeFormat(undefined, opts).format(d);
}

function points(backups) {
  return backups
    .filter((b) => b.status === 'completed' && b.created_at)
    .map((b) => ({id: b.id, t: Date.parse(b.created_at), bytes: b.size_bytes || 0, ms: b.duration_ms || 0, iso: b.created_at}))
    .sort((a, b) => a.t - b.t);
}

function draw(pts, width) {
  const height = width < 520 ? 220 : 260;
  const w = width - MARGIN.left - MARGIN.right;
  const ht = height - MARGIN.top - MARGIN.bottom;
  let t0 = pts[0].t;
  let t1 = pts[pts.length - 1].t;
  if (t1 - t0 < 60e3) { // one backup (or a burst): give it an hour either side so it sits in the middle
    t0 -= 3600e3;
    t1 += 3600e3;
  }
  const sTicks = sizeTicks(Math.max(...pts.map((p) => p.bytes), 1));
  const dTicks = durationTicks(Math.max(...pts.map((p) => p.ms), 1), sTicks.length - 1);
  const sMax = sTicks[sTicks.length - 1].value;
  const dMax = dTicks[dTicks.length - 1].value;
  const x = (t) => MARGIN.left + ((t - t0) / (t1 - t0)) * w;
  const ySize = (v) => MARGIN.top + ht - (v / sMax) * ht;
  const yDur = (v) => MARGIN.top + ht - (v / dMax) * ht;
  const r = (v) => v.toFixed(1);

  const first = localTime(pts[0].iso);
  const last = localTime(pts[pts.length - 1].iso);
  const svg = s('svg', {
    width, height, viewBox: `0 0 ${width} ${height}`, role: 'img', class: 'chart-svg',
    'aria-label': `Size and duration of ${pts.length} completed backups from ${first} to ${last}. `
      + `Largest ${size(Math.max(...pts.map((p) => p.bytes)))}, longest ${duration(Math.max(...pts.map((p) => p.ms)))}.`,
  });

  for (const tk of sTicks) {
    const y = r(ySize(tk.value));
    svg.append(s('line', {class: 'grid', x1: MARGIN.left, x2: MARGIN.left + w, y1: y, y2: y}));
    svg.append(s('text', {class: 'tick tick-size', x: MARGIN.left - 8, y, dy: '0.32em', 'text-anchor': 'end'}, tk.text));
  }
  for (const tk of dTicks) {
    svg.append(s('text', {class: 'tick tick-dur', x: MARGIN.left + w + 8, y: r(yDur(tk.value)), dy: '0.32em'}, tk.text));
  }
  svg.append(s('text', {class: 'axis-title tick-size', x: 4, y: 12}, 'Size'));
  svg.append(s('text', {class: 'axis-title tick-dur', x: width - 4, y: 12, 'text-anchor': 'end'}, 'Duration'));
  svg.append(s('line', {class: 'axis', x1: MARGIN.left, x2: MARGIN.left + w, y1: MARGIN.top + ht, y2: MARGIN.top + ht}));

  const n = width < 520 ? 3 : 5;
  for (let i = 0; i < n; i++) {
    const t = t0 + ((t1 - t0) * i) / (n - 1);
    const anchor = i === 0 ? 'start' : i === n - 1 ? 'end' : 'middle';
    svg.append(s('text', {class: 'tick', x: r(x(t)), y: MARGIN.top + ht + 20, 'text-anchor': anchor}, timeLabel(t, t1 - t0)));
  }

  const line = (cls, y) => s('polyline', {class: `series ${cls}`, points: pts.map((p) => `${r(x(p.t))},${r(y(p))}`).join(' ')});
  svg.append(line('series-size', (p) => ySize(p.bytes)), line('series-dur', (p) => yDur(p.ms)));
  for (const p of pts) {
    const tip = `${p.id}\n${localTime(p.iso)}\nsize ${size(p.bytes)}, duration ${duration(p.ms)}`;
    svg.append(s('circle', {class: 'marker marker-size', cx: r(x(p.t)), cy: r(ySize(p.bytes)), r: 4}, s('title', {}, tip)));
    svg.append(s('rect', {class: 'marker marker-dur', x: r(x(p.t) - 3.5), y: r(yDur(p.ms) - 3.5), width: 7, height: 7},
      s('title', {}, tip)));
  }
  return svg;
}

function table(pts) {
  return h('details', {class: 'chart-data'},
    h('summary', {}, 'Show the data as a table'),
    h('div', {class: 'table-wrap'}, h('table', {class: 'plain'},
      h('thead', {}, h('tr', {}, h('th', {scope: 'col'}, 'Backup'), h('th', {scope: 'col'}, 'Created'),
        h('th', {scope: 'col', class: 'num'}, 'Size'), h('th', {scope: 'col', class: 'num'}, 'Duration'))),
      h('tbody', {}, pts.slice().reverse().map((p) => h('tr', {},
        h('td', {}, p.id), h('td', {}, localTime(p.iso)), h('td', {class: 'num'}, size(p.bytes)),
        h('td', {class: 'num'}, duration(p.ms))))))));
}

/** A chart bound to a container; update() with backup records, it redraws itself on resize. */
export function mountChart(container) {
  let pts = [];
  let drawnWidth = 0;
  const plot = h('div', {class: 'chart-plot'});
  const legend = h('p', {class: 'legend', 'aria-hidden': 'true'},
    h('span', {class: 'key key-size'}, 'Size (left scale)'), ' ', h('span', {class: 'key key-dur'}, 'Duration (right scale)'));
  const data = h('div');
  container.replaceChildren(legend, plot, data);

  function render() {
    drawnWidth = plot.clientWidth;
    if (pts.length === 0) {
      legend.hidden = true;
      plot.replaceChildren(h('p', {class: 'muted'}, 'No completed backups yet: the chart appears after the first one.'));
      data.replaceChildren();
      return;
    }
    legend.hidden = false;
    plot.replaceChildren(draw(pts, Math.max(280, drawnWidth || 720)));
    data.replaceChildren(table(pts));
  }

  new ResizeObserver(() => {
    if (Math.abs(plot.clientWidth - drawnWidth) > 8) render();
  }).observe(plot);

  return {
    update(backups) {
      pts = points(backups);
      render();
    },
  };
}
