// Pages that take one file or several (?f=a&f=b): load them all, report the ones that
// failed, and lay the rest out side by side, one column per file, so two profiles,
// sweeps or scorecards read against each other.
/* global d3 */

/** Loads every `?f=` name with `get(name)`; failures go to #errors. Returns [{name, json}]. */
export async function loadAll(get, what) {
  const names = new URLSearchParams(location.search).getAll('f');
  if (!names.length) throw new Error(`No ${what} chosen: open one from the index page, or tick several there to compare them.`);
  const loaded = await Promise.all(names.map((name) => get(name).then((json) => ({ name, json }), (e) => ({ name, error: e.message }))));
  const failed = loaded.filter((r) => r.error);
  if (failed.length) d3.select('#errors').text(failed.map((r) => (r.error.startsWith(r.name) ? r.error : `${r.name}: ${r.error}`)).join('\n'));
  return loaded.filter((r) => !r.error);
}

/** One column per file under `root` (or `root` itself for a single file); returns the columns' nodes. */
export function columns(root, files) {
  if (files.length === 1) return [root];
  const grid = d3.select(root).append('div').attr('class', 'compare').style('--n', files.length);
  return files.map(({ name }, i) => {
    const col = grid.append('div').attr('class', 'column').attr('data-file', name).attr('data-column', i);
    col.append('h2').attr('class', 'column-title').text(name);
    return col.node();
  });
}

/** An id on a section when the page shows one file (ids must stay unique), a class always. */
export function part(parent, tag, name, single) {
  return d3.select(parent).append(tag).attr('id', single ? name : null).attr('class', name);
}
