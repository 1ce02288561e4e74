// A page section (heading, optional note) and the cards charts and tables sit in.
/* global d3 */

export function section(root, id, title, intro) {
  const s = d3.select(root).append('section').attr('id', id);
  s.append('h2').text(title);
  if (intro) s.append('p').attr('class', 'note').text(intro);
  return s;
}

export const card = (sel) => sel.append('div').attr('class', 'card').node();
