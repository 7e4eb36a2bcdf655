// The plugin: implements what wit/world.wit exports; `log` is the host's.
import { log } from 'local:plugin/host';

export function slugify(title: string): string {
  const slug = title
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  log(`slugify: ${JSON.stringify(title)} -> ${JSON.stringify(slug)}`);
  return slug;
}
