// HTML legends (they wrap with the page; SVG ones would not).
/* global d3 */

/** items: [{label, color, shape: 'box' | 'line' | 'dash' | 'marker', symbol?}] */
export function legend(container, items, className = '') {
  const div = d3.select(container).append('div').attr('class', `legend ${className}`);
  const item = div.selectAll('span.item').data(items).join('span').attr('class', 'item');
  item.append('span').attr('class', (d) => `swatch ${d.shape ?? 'box'}`).style('--c', (d) => d.color).text((d) => d.symbol ?? '');
  item.append('span').text((d) => d.label);
  return div;
}
