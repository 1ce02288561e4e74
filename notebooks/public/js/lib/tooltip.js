// One floating tooltip for the page; charts attach it to their marks with html(d).
/* global d3 */

let tip = null;

function el() {
  if (!tip) tip = d3.select('body').append('div').attr('class', 'tooltip').style('opacity', 0);
  return tip;
}

export function showTip(event, html) {
  el().html(html).style('opacity', 1).style('left', `${event.pageX + 12}px`).style('top', `${event.pageY + 12}px`);
}

export function hideTip() {
  el().style('opacity', 0);
}

/** Shows html(d) while the pointer is over a mark of `selection`. */
export function attachTip(selection, html) {
  selection.on('mousemove.tip', (event, d) => showTip(event, html(d))).on('mouseleave.tip', hideTip);
}
