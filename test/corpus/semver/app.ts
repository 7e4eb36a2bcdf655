import semver from 'semver';

// Range matching, sorting, increments and coercion over a list of versions.
export function run(input: string): string {
  const [range = '', list = ''] = input.split('|');
  const versions = list.split(',');
  return JSON.stringify({
    valid: versions.map((v) => semver.valid(v)),
    sorted: semver.rsort(versions.filter((v) => semver.valid(v))),
    max: semver.maxSatisfying(
      versions.filter((v) => semver.valid(v)),
      range,
    ),
    inc: semver.inc('1.2.3-beta.1', 'prerelease', 'beta'),
    coerce: semver.coerce('v2.x build 7')?.version,
    minVersion: semver.minVersion(range)?.version,
    intersects: semver.intersects(range, '>=2.0.0'),
  });
}
