// The host side of `local:plugin/host`, for `componentize run --host local:plugin/host=./host.mjs`.
export function log(message) {
  console.error(`[plugin] ${message}`);
}
