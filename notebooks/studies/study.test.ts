import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadScenarioFile } from '../../sim/scenario/load.ts';
import { STUDIES_DIR, StudyError, loadStudy, parseStudy, studyNames } from './study.ts';

describe('studies', () => {
  it('studyNames() lists the six studies', () => {
    expect(studyNames()).toEqual(['async', 'original-fave', 'prewarming', 'regimes', 'state-races', 'timeouts']);
  });

  it.each(studyNames())('loadStudy(%s) resolves every scenario file to a valid scenario', (name) => {
    const s = loadStudy(name);
    expect(s.scenarios.length).toBeGreaterThan(0);
    expect(s.question.length).toBeGreaterThan(40);
    for (const file of s.scenarios) {
      expect(existsSync(file), file).toBe(true);
      expect(() => loadScenarioFile(file), file).not.toThrow();
    }
  });

  const cases: [string, unknown, string[]][] = [
    ['not an object', [], ['$: must be an object']],
    ['everything missing', {}, ['$.title: must be a non-empty string, got undefined', '$.question: must be a non-empty string, got undefined', '$.scenarios: must be a non-empty array of scenario files']],
    ['an unknown key and a missing file', { title: 't', question: 'q', scenarios: ['nope.json'], extra: 1 }, ['$.extra: unknown key (allowed: $comment, title, question, scenarios)', `$.scenarios[0]: no such file ${STUDIES_DIR}/regimes/nope.json`]],
    ['two scenarios with one name', { title: 't', question: 'q', scenarios: ['../../../scenarios/race.json', '../../../scenarios/race.json'] }, ['$.scenarios[1]: a second scenario named race.json would overwrite the first\'s result']],
  ];
  it.each(cases)('parseStudy(%s) collects every problem', (_label, json, problems) => {
    try {
      parseStudy('x', json, `${STUDIES_DIR}/regimes`);
      expect.unreachable('parseStudy accepted a bad study');
    } catch (e) {
      expect(e).toBeInstanceOf(StudyError);
      expect((e as StudyError).problems).toEqual(problems);
    }
  });

  it('loadStudy(an unknown name) names the studies there are', () => {
    expect(() => loadStudy('nope')).toThrow(/studies: async, original-fave, prewarming, regimes, state-races, timeouts/);
  });

  it('loadStudy(a name with a path in it) is refused', () => {
    expect(() => loadStudy('../x')).toThrow(/lower-case letters, digits and dashes/);
  });
});
