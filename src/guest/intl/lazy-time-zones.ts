/**
 * FormatJS's DateTimeFormat unpacks every IANA zone's transitions when its time-zone data is
 * added (`__addTZData`): thousands of arrays that a snapshot keeps, ~5.5 MB of a QuickJS
 * component (measured). This replaces that step before the data module runs (intl.ts imports
 * this module between the two): each zone is unpacked the first time it is read, while the
 * engine runs, and kept. The packed format is FormatJS's: `abbrvs` and `offsets` (base 36) are
 * `|`-separated tables; each zone is `name|transition|...`, a transition `time,abbrv,offset,dst`
 * with the time in base 36 (empty: since forever) and the others indexes into the tables.
 */

interface PackedZones {
  abbrvs: string;
  offsets: string;
  zones: string[];
}

type Transition = [number, string | undefined, number | undefined, boolean];

function unpackZone(fields: string[], abbrvs: string[], offsets: number[]): Transition[] {
  return fields.map((field) => {
    const [time = '', abbrv = '', offset = '', dst] = field.split(',');
    return [time === '' ? -Infinity : Number.parseInt(time, 36), abbrvs[+abbrv], offsets[+offset], dst === '1'];
  });
}

export function installLazyTimeZones(): void {
  const format = (globalThis as { Intl?: { DateTimeFormat?: { tzData?: unknown; __addTZData?: unknown } } }).Intl
    ?.DateTimeFormat;
  if (!format) return;
  format.__addTZData = (data: PackedZones) => {
    const abbrvs = data.abbrvs.split('|');
    const offsets = data.offsets.split('|').map((n) => Number.parseInt(n, 36));
    const zones: Record<string, Transition[]> = {};
    for (const packed of data.zones) {
      const bar = packed.indexOf('|');
      const name = bar < 0 ? packed : packed.slice(0, bar);
      Object.defineProperty(zones, name, {
        enumerable: true,
        configurable: true,
        get() {
          const value = unpackZone(bar < 0 ? [] : packed.slice(bar + 1).split('|'), abbrvs, offsets);
          Object.defineProperty(zones, name, { value, enumerable: true, configurable: true, writable: true });
          return value;
        },
      });
    }
    format.tzData = zones;
  };
}

installLazyTimeZones();
