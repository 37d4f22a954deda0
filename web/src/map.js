// map.js - the world map: each state drawn by its status in the chosen bloc on
// the chosen date (/api/members), with the arms transfers and clashes of a
// year window (/api/timeline of the bloc's states, /api/cohesion for which
// transfers went to a member's adversary) as arcs and markers. Clicking a
// state (or its name in a list) calls onSelect(iso3).

import { fillOf, statusOf } from './status.js';
import { nameOf } from './catalog.js';
import { humanize, span } from './util.js';

const W = 960;
const H = 500;

export class WorldMap {
  constructor(container, { onSelect, onEvent, tooltip }) {
    this.d3 = window.d3;
    this.container = container;
    this.onSelect = onSelect;
    this.onEvent = onEvent;
    this.tooltip = tooltip;
    this.features = [];
    this.byIso = new Map(); // iso3 -> feature
    this.status = new Map(); // iso3 -> status id
    this.selected = null;
  }

  // Load the shapes and the ISO3 -> numeric map (both shipped with the page)
  async load() {
    const d3 = this.d3;
    const [world, isonum] = await Promise.all([
      fetch('vendor/countries-110m.json').then((r) => r.json()),
      fetch('iso-numeric.json').then((r) => r.json()),
    ]);
    const byNum = new Map(Object.entries(isonum).map(([a3, n]) => [n, a3]));
    this.features = window.topojson.feature(world, world.objects.countries).features
      .filter((f) => f.id !== '010'); // Antarctica: space the map needs for the states
    for (const f of this.features) {
      f.iso3 = byNum.get(f.id) || null;
      f.label = f.properties.name;
      if (f.iso3) this.byIso.set(f.iso3, f);
      f.anchor = this.anchorOf(f);
    }
    this.draw();
  }

  // The point arcs and markers start from: the centroid of the largest polygon
  // (France's is in Europe, not between Europe and Guiana)
  anchorOf(f) {
    const d3 = this.d3;
    const g = f.geometry;
    if (!g) return null;
    if (g.type !== 'MultiPolygon') return d3.geoCentroid(f);
    let best = null;
    let area = -1;
    for (const coords of g.coordinates) {
      const poly = { type: 'Polygon', coordinates: coords };
      const a = d3.geoArea(poly);
      if (a > area) { area = a; best = poly; }
    }
    return d3.geoCentroid(best);
  }

  draw() {
    const d3 = this.d3;
    this.projection = d3.geoNaturalEarth1().fitExtent([[4, 4], [W - 4, H - 4]], { type: 'Sphere' });
    this.path = d3.geoPath(this.projection);
    const svg = d3.select(this.container).append('svg')
      .attr('viewBox', `0 0 ${W} ${H}`)
      .attr('class', 'world')
      .attr('role', 'img')
      .attr('aria-label', 'World map of the bloc\'s states; the member list beside it says the same in words');
    this.svg = svg;
    const defs = svg.append('defs');
    const marker = (id, color) => defs.append('marker').attr('id', id)
      .attr('viewBox', '0 -4 8 8').attr('refX', 7).attr('refY', 0)
      .attr('markerWidth', 5).attr('markerHeight', 5).attr('orient', 'auto')
      .append('path').attr('d', 'M0,-4L8,0L0,4Z').attr('fill', color);
    marker('arrow-arms', '#0b6e4f');
    marker('arrow-adversary', '#b00020');

    this.zoomLayer = svg.append('g').attr('class', 'zoom');
    this.zoomLayer.append('path').datum({ type: 'Sphere' }).attr('class', 'sphere').attr('d', this.path);
    this.zoomLayer.append('path').datum(d3.geoGraticule10()).attr('class', 'graticule').attr('d', this.path);
    this.countries = this.zoomLayer.append('g').attr('class', 'countries')
      .selectAll('path').data(this.features).join('path')
      .attr('class', 'country')
      .attr('d', this.path)
      .attr('data-iso3', (f) => f.iso3 || '')
      .attr('data-status', 'none')
      .attr('fill', fillOf('none'))
      .on('click', (ev, f) => { if (f.iso3) this.onSelect(f.iso3); })
      .on('pointermove', (ev, f) => this.tip(ev, this.describe(f)))
      .on('pointerleave', () => this.tip(null));
    this.countries.append('title').text((f) => this.describe(f));
    this.labels = this.zoomLayer.append('g').attr('class', 'labels').attr('aria-hidden', 'true');
    this.overlay = this.zoomLayer.append('g').attr('class', 'overlay');
    for (const f of this.features) f.area = this.path.area(f);

    this.zoom = d3.zoom().scaleExtent([1, 16])
      .translateExtent([[-W * 0.25, -H * 0.25], [W * 1.25, H * 1.25]])
      .on('zoom', (ev) => {
        this.zoomLayer.attr('transform', ev.transform);
        this.k = ev.transform.k;
        this.placeLabels();
      });
    svg.call(this.zoom).on('dblclick.zoom', null);
    this.k = 1;
    if (typeof ResizeObserver !== 'undefined') new ResizeObserver(() => this.placeLabels()).observe(this.container);
  }

  describe(f) {
    const st = this.status.get(f.iso3) || 'none';
    return `${f.label}${f.iso3 ? ` (${f.iso3})` : ''}: ${statusOf(st).label}`;
  }

  tip(ev, text) {
    const t = this.tooltip;
    if (!t) return;
    if (!ev) { t.hidden = true; return; }
    t.textContent = text;
    t.hidden = false;
    const pad = 14;
    const x = Math.min(ev.clientX + pad, window.innerWidth - t.offsetWidth - 4);
    const y = Math.min(ev.clientY + pad, window.innerHeight - t.offsetHeight - 4);
    t.style.left = `${Math.max(4, x)}px`;
    t.style.top = `${Math.max(4, y)}px`;
  }

  // statuses: Map iso3 -> status id ('member', 'suspended', ..., 'former')
  setStatuses(statuses) {
    this.status = statuses;
    this.countries
      .attr('data-status', (f) => statuses.get(f.iso3) || 'none')
      .attr('fill', (f) => fillOf(statuses.get(f.iso3) || 'none'))
      .attr('aria-label', (f) => (statuses.has(f.iso3) ? this.describe(f) : null))
      .classed('party', (f) => statuses.has(f.iso3))
      .select('title').text((f) => this.describe(f));
    // parties drawn last, so their borders are not hidden by the neighbours'
    this.countries.filter((f) => statuses.has(f.iso3)).raise();
    // the parties' codes, where the state is large enough on screen to hold one
    const parties = this.features.filter((f) => statuses.has(f.iso3) && f.anchor);
    this.labels.selectAll('text').data(parties, (f) => f.iso3).join('text')
      .attr('class', (f) => `label st-${statuses.get(f.iso3)}`)
      .attr('text-anchor', 'middle').attr('dy', '0.35em')
      .text((f) => f.iso3);
    this.placeLabels();
  }

  placeLabels() {
    // k: map units per screen pixel at this zoom and on this screen, so that
    // codes and markers keep their size in pixels on a phone as on a laptop
    const k = (this.k || 1) * this.screenScale();
    this.labels.selectAll('text')
      .attr('transform', (f) => `translate(${this.projection(f.anchor)}) scale(${1 / k})`)
      .attr('display', (f) => (f.area * k * k > 380 ? null : 'none'));
    this.overlay.selectAll('.marker').attr('transform', (d) => `translate(${d.xy}) scale(${1 / k})`);
  }

  screenScale() {
    const w = this.svg && this.svg.node().getBoundingClientRect().width;
    return w ? w / W : 1;
  }

  select(iso3) {
    this.selected = iso3;
    this.countries.classed('selected', (f) => f.iso3 === iso3);
    this.countries.filter((f) => f.iso3 === iso3).raise();
  }

  zoomBy(factor) { this.svg.transition().duration(250).call(this.zoom.scaleBy, factor); }
  zoomWorld() { this.svg.transition().duration(400).call(this.zoom.transform, this.d3.zoomIdentity); }

  // Zoom to the states given (ids): the box around their anchor points (a
  // large state such as Russia would otherwise make every bloc a world map),
  // with a margin; the world when none is drawn
  zoomTo(ids, animate = true) {
    const d3 = this.d3;
    const pts = ids.map((id) => this.point(id)).filter(Boolean);
    if (!pts.length) { this.zoomWorld(); return; }
    let [x0, x1] = d3.extent(pts, (p) => p[0]);
    let [y0, y1] = d3.extent(pts, (p) => p[1]);
    const padX = Math.max(40, (x1 - x0) * 0.25);
    const padY = Math.max(30, (y1 - y0) * 0.25);
    x0 -= padX; x1 += padX; y0 -= padY; y1 += padY;
    const k = Math.max(1, Math.min(8, 1 / Math.max((x1 - x0) / W, (y1 - y0) / H)));
    const t = d3.zoomIdentity.translate(W / 2, H / 2).scale(k).translate(-(x0 + x1) / 2, -(y0 + y1) / 2);
    (animate ? this.svg.transition().duration(500) : this.svg).call(this.zoom.transform, t);
  }

  point(iso3) {
    const f = this.byIso.get(iso3);
    return f && f.anchor ? this.projection(f.anchor) : null;
  }

  // events: [{kind: 'arms'|'clash', id, date, to, from: [iso3], toStates: [iso3], adversary, entry}]
  setOverlays(events, { arms = true, clashes = true } = {}) {
    const d3 = this.d3;
    const pairs = new Map(); // "A>B" -> {p, q, events}
    const marks = [];
    for (const ev of events) {
      if (ev.kind === 'arms' && arms) {
        for (const a of ev.from) {
          for (const b of ev.toStates) {
            const p = this.point(a);
            const q = this.point(b);
            if (!p || !q || a === b) continue;
            const key = `${a}>${b}`;
            if (!pairs.has(key)) pairs.set(key, { key, a, b, p, q, events: [] });
            pairs.get(key).events.push(ev);
          }
        }
      } else if (ev.kind === 'clash' && clashes) {
        // where it happened: the attacked states that are not also attackers,
        // else (a war both sides are given for) the smaller state of the two
        const only = ev.toStates.filter((st) => !ev.from.includes(st) && this.byIso.has(st));
        const both = [...new Set([...ev.toStates, ...ev.from])].filter((st) => this.byIso.has(st));
        const at = only.length ? only : both.sort((a, b) => this.byIso.get(a).area - this.byIso.get(b).area).slice(0, 1);
        const pts = at.map((st) => this.point(st)).filter(Boolean);
        if (!pts.length) continue;
        const xy = [d3.mean(pts, (p) => p[0]), d3.mean(pts, (p) => p[1])];
        marks.push({ ev, xy, key: ev.id });
      }
    }
    const curve = (d) => {
      const [x0, y0] = d.p;
      const [x1, y1] = d.q;
      const dx = x1 - x0;
      const dy = y1 - y0;
      const dr = Math.sqrt(dx * dx + dy * dy) * 1.3;
      return `M${x0},${y0}A${dr},${dr} 0 0,1 ${x1},${y1}`;
    };
    // one arc per supplier and recipient, as wide as the transfers it stands for
    const arcs = [...pairs.values()].map((d) => ({ ...d, adversary: d.events.some((e) => e.adversary) }));
    const arcLabel = (d) => d.events.map(label).join('\n');
    this.overlay.selectAll('path.arc').data(arcs, (d) => d.key).join('path')
      .attr('class', (d) => `arc${d.adversary ? ' adversary' : ''}`)
      .attr('d', curve)
      .style('stroke-width', (d) => `${Math.min(6, 1.4 + 0.8 * d.events.length)}px`)
      .attr('marker-end', (d) => `url(#${d.adversary ? 'arrow-adversary' : 'arrow-arms'})`)
      .attr('data-pair', (d) => d.key)
      .attr('data-events', (d) => d.events.map((e) => e.id).join(' '))
      .on('click', (e, d) => this.onEvent(d.events[d.events.length - 1]))
      .on('pointermove', (e, d) => this.tip(e, arcLabel(d)))
      .on('pointerleave', () => this.tip(null))
      .selectAll('title').data((d) => [d]).join('title').text(arcLabel);
    const m = this.overlay.selectAll('g.marker').data(marks, (d) => d.key).join((enter) => {
      const g = enter.append('g').attr('class', 'marker');
      g.append('circle').attr('r', 7);
      g.append('path').attr('d', 'M-4,-4L4,4M-4,4L4,-4');
      g.append('title');
      return g;
    });
    m.attr('data-event', (d) => d.ev.id)
      .on('click', (e, d) => this.onEvent(d.ev))
      .on('pointermove', (e, d) => this.tip(e, label(d.ev)))
      .on('pointerleave', () => this.tip(null));
    m.select('title').text((d) => label(d.ev));
    this.placeLabels();
    this.overlay.raise();
  }
}

export function label(ev) {
  const what = ev.kind === 'arms'
    ? `Arms: ${ev.from.join(', ')} \u2192 ${ev.toStates.join(', ')}${ev.adversary ? ' (to a member\'s adversary)' : ''}`
    : `Clash: ${ev.entry.mode ? humanize(ev.entry.mode) : 'assault'}, ${ev.from.join(', ') || '?'} \u2192 ${ev.toStates.join(', ')}`;
  return `${what}, ${span(ev.date, ev.to)}`;
}

// The map's events from timeline entries: AID/arms and ASSAULT events whose
// sides are states. adversaryPairs: Set of "SUPPLIER>RECIPIENT" from cohesion.
export function overlayEvents(entries, isState, adversaryPairs) {
  const seen = new Map();
  for (const e of entries) {
    if (e.kind !== 'event' || seen.has(e.id)) continue;
    const arms = e.type === 'AID' && e.mode === 'arms';
    const clash = e.type === 'ASSAULT';
    if (!arms && !clash) continue;
    const from = [...new Set((e.actors || []).filter(isState))];
    const to = [...new Set((e.recipients || []).filter(isState))];
    if (!from.length && !to.length) continue;
    const adversary = arms && from.some((a) => to.some((b) => adversaryPairs.has(`${a}>${b}`)));
    seen.set(e.id, { kind: arms ? 'arms' : 'clash', id: e.id, date: e.date, to: e.to, from, toStates: to, adversary, entry: e });
  }
  return [...seen.values()].sort((a, b) => String(a.date).localeCompare(String(b.date)));
}

export function statesNamed(ids) { return ids.map((id) => `${id} ${nameOf(id)}`).join(', '); }
