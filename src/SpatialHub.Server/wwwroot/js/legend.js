// The legend of the shown layers (from each style's metadata["spatialhub:legend"], which says what size and
// numbers mean), for the planners' panel and for /embed?legend=1.
import { element } from './util.js';
import { titleOf } from './layers.js';

export function swatch(item) {
  const style = item.cluster ? `background:#1b1f24;border:3px solid ${item.colour}`
    : item.ring ? `background:#fff;border:3px solid ${item.colour}` : `background:${item.colour}`;
  const size = item.large ? 'width:16px;height:16px' : item.small ? 'width:6px;height:6px' : '';
  // Colours come from layers.js through the CSSOM (not a style attribute string), which the CSP allows.
  const node = element('span', { className: `swatch${item.shape === 'line' ? ' line' : ''}`, 'aria-hidden': 'true' });
  if (item.shape === 'line') node.style.borderTopColor = item.colour;
  else node.style.cssText = `${style};${size}`;
  return node;
}

/** One group per entry: its title and legend lines. */
export function legendGroups(entries) {
  return entries.map((entry) => element('div', { className: 'legend-group' },
    element('h3', { text: titleOf(entry) }),
    element('ul', {}, ...entry.legend.map((item) => element('li', {}, swatch(item), element('span', { text: item.label }))))));
}
