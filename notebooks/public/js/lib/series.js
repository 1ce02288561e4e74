// A "series" is one variant of one result file: the unit every chart compares. Labels stay
// short: the variant name alone when one file is shown, "scenario · variant" otherwise.

/** results: [{name, json}] (json a fave.result/v1 simulation) → series, in file then variant order. */
export function seriesOf(results) {
  const many = results.length > 1;
  const out = [];
  for (const { name, json } of results) {
    const title = json.scenario.name;
    for (const v of json.variants) {
      const label = !many ? v.name : json.variants.length === 1 && v.name === 'base' ? title : `${title} · ${v.name}`;
      out.push({ key: `${name}#${v.name}`, label, file: name, scenario: json.scenario, variant: v });
    }
  }
  return out;
}

/** Stage (function) names in pipeline order, as they appear in the histograms. */
export function stagesOf(series) {
  const names = [];
  for (const s of series) for (const n of Object.keys(s.variant.histograms.functions)) if (!names.includes(n)) names.push(n);
  return names;
}
