// status.js - how each membership status is drawn: a colour and a pattern
// (so that no status is told apart by colour alone), its label and meaning.
// The patterns live in one small SVG of definitions shared by the map and the
// legend.

export const STATUSES = [
  { id: 'member', label: 'member', means: 'in good standing: bound and protected', fill: '#1f4e79', mark: 'solid' },
  { id: 'withdrawing', label: 'withdrawing', means: 'notice given; still bound and protected', fill: '#2e75b6', mark: 'diagonal', ink: '#cfe2f3' },
  { id: 'signatory', label: 'signatory', means: 'signed, not yet in force for it', fill: '#9dc3e6', mark: 'dots', ink: '#1f4e79' },
  { id: 'observer', label: 'observer', means: 'observer status', fill: '#c5e0b4', mark: 'dots', ink: '#385723' },
  { id: 'partner', label: 'partner', means: 'partner status', fill: '#c5e0b4', mark: 'grid', ink: '#385723' },
  { id: 'frozen', label: 'frozen', means: 'participation frozen: not in good standing', fill: '#f4b183', mark: 'horizontal', ink: '#843c0c' },
  { id: 'suspended', label: 'suspended', means: 'suspended: neither bound nor protected', fill: '#ffd966', mark: 'cross', ink: '#7f6000' },
  { id: 'disputed', label: 'disputed', means: 'the sources disagree (see the claims)', fill: '#c9a0dc', mark: 'zigzag', ink: '#5b2c6f' },
  { id: 'former', label: 'former party', means: 'was a party before this date; not one on it', fill: '#e7e6e6', mark: 'diagonal', ink: '#8c8c8c' },
  { id: 'none', label: 'not a party', means: 'no status in this bloc on this date', fill: '#f7f7f5', mark: 'none' },
];
export const STATUS = Object.fromEntries(STATUSES.map((s) => [s.id, s]));
export function statusOf(id) { return STATUS[id] || { id, label: id, means: '', fill: '#bbb', mark: 'dots', ink: '#333' }; }
export function fillOf(id) { return `url(#pat-${STATUS[id] ? id : 'disputed'})`; }

// The shared <svg><defs> with one pattern per status; called once
export function installPatterns(d3) {
  if (document.getElementById('status-patterns')) return;
  const svg = d3.select(document.body).append('svg')
    .attr('id', 'status-patterns').attr('aria-hidden', 'true').attr('focusable', 'false')
    .attr('width', 0).attr('height', 0).attr('class', 'defs-only');
  const defs = svg.append('defs');
  for (const s of STATUSES) {
    const p = defs.append('pattern').attr('id', `pat-${s.id}`)
      .attr('patternUnits', 'userSpaceOnUse').attr('width', 6).attr('height', 6);
    p.append('rect').attr('width', 6).attr('height', 6).attr('fill', s.fill);
    const ink = s.ink || '#000';
    switch (s.mark) {
      case 'diagonal':
        p.attr('patternTransform', 'rotate(45)');
        p.append('line').attr('x1', 0).attr('y1', 0).attr('x2', 0).attr('y2', 6).attr('stroke', ink).attr('stroke-width', 2);
        break;
      case 'horizontal':
        p.append('line').attr('x1', 0).attr('y1', 3).attr('x2', 6).attr('y2', 3).attr('stroke', ink).attr('stroke-width', 1.5);
        break;
      case 'cross':
        p.attr('patternTransform', 'rotate(45)');
        p.append('path').attr('d', 'M0,3H6M3,0V6').attr('stroke', ink).attr('stroke-width', 1);
        break;
      case 'grid':
        p.append('path').attr('d', 'M0,0H6M0,0V6').attr('stroke', ink).attr('stroke-width', 1);
        break;
      case 'dots':
        p.append('circle').attr('cx', 3).attr('cy', 3).attr('r', 1.1).attr('fill', ink);
        break;
      case 'zigzag':
        p.append('path').attr('d', 'M0,4L1.5,1L3,4L4.5,1L6,4').attr('fill', 'none').attr('stroke', ink).attr('stroke-width', 1);
        break;
      default:
        break;
    }
  }
}

// A small swatch (an inline SVG square) for the legend and the lists
export function swatch(d3, id, size = 16) {
  const svg = d3.create('svg').attr('width', size).attr('height', size)
    .attr('class', 'swatch').attr('aria-hidden', 'true').attr('focusable', 'false');
  svg.append('rect').attr('x', 0.5).attr('y', 0.5).attr('width', size - 1).attr('height', size - 1)
    .attr('fill', fillOf(id)).attr('stroke', '#555').attr('stroke-width', 1);
  return svg.node();
}
