import bcrypt from 'bcryptjs';

// A salt fixed in the input makes the hash deterministic (low cost: 2^4 rounds).
export function run(input: string): string {
  const hash = bcrypt.hashSync(input, '$2b$04$abcdefghijklmnopqrstuu');
  return [
    hash,
    bcrypt.compareSync(input, hash),
    bcrypt.compareSync(`${input}x`, hash),
    bcrypt.getRounds(hash),
    bcrypt.getSalt(hash),
    bcrypt.truncates(input),
  ].join('|');
}
