// What the normalized-WIT reader (normalized-parser.ts) gives back for one file, before names resolve.
import type { WitInterface, WitTypeDef, WorldItem } from './world.js';

export interface Use {
  from: string;
  names: { name: string; as: string }[];
}

export interface Scope {
  types: WitTypeDef[];
  uses: Use[];
}

/** A world item naming an interface declared elsewhere, resolved once every file is read. */
export type WorldEntry = { direction: 'import' | 'export'; item: WorldItem | { kind: 'ref'; name: string } };

export interface ParsedWorld extends Scope {
  items: WorldEntry[];
}

export interface ParsedPackage {
  name: string;
  interfaces: Map<string, WitInterface & Scope>;
  worlds: Map<string, ParsedWorld>;
}
