// JSON paths as the project's messages write them ($.a.b[0], $.States["Resize image"]):
// a state name is any string, so a key that is not a plain identifier is quoted.
import { pointerToPath } from '../scenario/errors.ts';

export function childPath(path: string, key: string): string {
  return path + pointerToPath('/' + key.replace(/~/g, '~0').replace(/\//g, '~1')).slice(1);
}
