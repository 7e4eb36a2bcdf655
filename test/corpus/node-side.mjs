// The expected output of every case: the same app module run in this Node (>= 24, which strips
// the TypeScript types itself), resolved with Node's own conditions. Nothing is hard-coded, so a
// changed app or package moves Node and the components together.
import { pathToFileURL } from 'node:url';
import { describeResponse, httpRequest } from './cases.mjs';

/** Outputs per input, or `{ error }` when the app fails in Node: a bug of the corpus, never a gap. */
export async function runInNode(testCase) {
  try {
    const app = await import(pathToFileURL(testCase.entry).href);
    const outputs = [];
    for (const input of testCase.inputs) {
      if (!testCase.http) outputs.push(app.run(input));
      else
        outputs.push(
          await describeResponse(await app.default.fetch(new Request(...httpRequest(input, 'http://localhost')))),
        );
    }
    return { outputs };
  } catch (error) {
    return { error: `in Node: ${error?.stack ?? error}` };
  }
}
