import protobuf from 'protobufjs';

const root = protobuf.parse(`
  syntax = "proto3";
  package demo;
  message Item { string name = 1; int32 qty = 2; repeated string tags = 3; }
  message Order { uint64 id = 1; repeated Item items = 2; map<string, string> meta = 3; bool paid = 4; }
`).root;
const Order = root.lookupType('demo.Order');

const hex = (bytes: Uint8Array) => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');

// Parse a .proto, verify and encode a message from JSON, decode it back to a plain object.
export function run(input: string): string {
  const object = JSON.parse(input);
  const problem = Order.verify(object);
  if (problem) return `invalid:${problem}`;
  const bytes = Order.encode(Order.fromObject(object)).finish();
  return `${hex(bytes)}\n${JSON.stringify(Order.toObject(Order.decode(bytes), { longs: String, defaults: true }))}`;
}
