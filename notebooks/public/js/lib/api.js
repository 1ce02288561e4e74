// Fetches from the report's JSON API; an error answer becomes an Error with the server's reason.

/** The URL path for a listed file name (each segment encoded, '/' kept). */
export function encodeName(name) {
  return name.split('/').map(encodeURIComponent).join('/');
}

export async function getJSON(url) {
  const res = await fetch(url);
  const body = await res.json().catch(() => null);
  if (!res.ok) throw new Error(body && body.error ? body.error : `${res.status} ${res.statusText} for ${url}`);
  return body;
}

export const listResults = () => getJSON('/api/results');
export const getResult = (name) => getJSON(`/api/results/${encodeName(name)}`);
export const getProfileView = (name) => getJSON(`/api/profile-view/${encodeName(name)}`);
export const listStudies = () => getJSON('/api/studies');
export const getStudy = (name) => getJSON(`/api/studies/${encodeURIComponent(name)}`);
export const getStudyResult = (study, name) => getJSON(`/api/studies/${encodeURIComponent(study)}/results/${encodeName(name)}`);
/** A study's reference data (observed.json beside its study.json); 404 when it has none. */
export const getStudyObserved = (study) => getJSON(`/api/studies/${encodeURIComponent(study)}/observed`);
