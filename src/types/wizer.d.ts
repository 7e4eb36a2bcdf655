/** `@bytecodealliance/wizer` ships no types; its default export is the platform binary's path. */
declare module '@bytecodealliance/wizer' {
  const path: string;
  export default path;
}
