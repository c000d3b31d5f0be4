// The Node.js peer of the sample app's GET /hello, for the PM2 comparison: a minimal HTTP server
// answering a small JSON body. PM2 runs it as one process or in cluster mode (-i 2).
'use strict';
const http = require('http');

const port = Number(process.env.PORT || 18090);
const server = http.createServer((request, response) => {
  const body = JSON.stringify({ message: 'Hello from a worker', pid: process.pid });
  response.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) });
  response.end(body);
});
server.listen(port, '127.0.0.1', () => {
  // With wait_ready, PM2 takes the process as ready only after this.
  if (process.send) {
    process.send('ready');
  }
});
// pm2 reload sends SIGINT: stop accepting, finish what is in flight, then exit.
process.on('SIGINT', () => server.close(() => process.exit(0)));
