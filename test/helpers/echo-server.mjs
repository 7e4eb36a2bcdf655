// An HTTP server for the outgoing-fetch tests, in a process of its own: the component's blocking
// wait on a response holds the calling thread, so a server in that thread could never answer.
// Prints its port, then serves until killed:
//   /echo?...       200, "<method> <url> x-test=<header> <body>"
//   /bytes          200, 1 MiB of bytes i % 251
//   /missing        404, "not found: /missing"
//   /redirect       302 to /echo?from=redirect
import { createServer } from 'node:http';

const MIB = Buffer.from(Array.from({ length: 1 << 20 }, (_, i) => i % 251));

const server = createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const body = Buffer.concat(chunks).toString('utf8');
    if (req.url.startsWith('/echo')) {
      res.setHeader('content-type', 'text/plain');
      res.end(
        `${req.method} ${req.url} x-test=${req.headers['x-test'] ?? '-'} content-type=${req.headers['content-type'] ?? '-'} ${body}`,
      );
    } else if (req.url === '/bytes') {
      res.setHeader('content-type', 'application/octet-stream');
      res.end(MIB);
    } else if (req.url === '/redirect') {
      res.writeHead(302, { location: '/echo?from=redirect' }).end();
    } else {
      res.writeHead(404, { 'content-type': 'text/plain' }).end(`not found: ${req.url}`);
    }
  });
});
server.listen(0, '127.0.0.1', () => console.log(server.address().port));
