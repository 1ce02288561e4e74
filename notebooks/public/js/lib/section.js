// A page section (heading, optional note) and the cards charts and tables sit in.
/* global d3 */

export function section(root, id, title, intro) {
  const s = d3.select(root).append('section').attr('id', id);
  s.append('h2').text(title);
  if (intro) s.append('p').attr('class', 'note').text(intro);
  return s;
}

export const card = (sel) => sel.append('div').attr('class', 'card').node();

/** A data table in `el` that scrolls sideways inside its card when its columns are wider. */
export const scrollTable = (el) => d3.select(el).append('div').attr('class', 'table-scroll').append('table').attr('class', 'data');
