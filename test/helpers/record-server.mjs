// An HTTP server that records what reaches it, in a process of its own (a component's blocking
// wait on a response holds the calling thread). Prints its port, then one line per request
// (`GET /exfil?...`), answering each `hello from the listener`.
import { createServer } from 'node:http';

const server = createServer((req, res) => {
  console.log(`${req.method} ${req.url}`);
  res.setHeader('content-type', 'text/plain');
  res.end('hello from the listener');
});
server.listen(0, '127.0.0.1', () => console.log(server.address().port));
