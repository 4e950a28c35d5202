// Runs web-push-testing's own server (its PushApiModel and Express app, unchanged) for one test run.
// The package's CLI would listen on every interface at a fixed port and detach; here it listens on
// 127.0.0.1 at a port the OS picks, prints "listening <port>", and exits when its stdin closes, so a
// test process that ends for any reason leaves nothing running.
'use strict';
const path = require('path');
const source = path.join(__dirname, 'node_modules', 'web-push-testing', 'src');
const TestingServer = require(path.join(source, 'server.js'));
const { PushApiModel } = require(path.join(source, 'PushApiModel.js'));

const model = new PushApiModel();
const server = new TestingServer(model, 0);
server.setRequestHandlers();
const listener = server._app.listen(0, '127.0.0.1', () => {
  const { port } = listener.address();
  model.notifyUrl = `http://localhost:${port}/notify/`;
  process.stdout.write(`listening ${port}\n`);
});
listener.on('error', (error) => {
  process.stderr.write(`${error}\n`);
  process.exit(1);
});
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
