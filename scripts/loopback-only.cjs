// Preloaded into the Microsoft 365 Agents Playground (`node --require`): the playground calls listen(port)
// with no address, which binds every interface, and it has no option to choose one. This makes a listen
// without an address bind 127.0.0.1, so the playground (and the demo data it shows) stays on this machine.
'use strict';
const net = require('node:net');

const LOOPBACK = '127.0.0.1';
const listen = net.Server.prototype.listen;

net.Server.prototype.listen = function listenOnLoopback(...args) {
  const [first, second] = args;
  if (first === undefined || typeof first === 'function') {
    args.unshift(0, LOOPBACK);
  } else if (typeof first === 'number' || (typeof first === 'string' && /^\d+$/.test(first))) {
    if (typeof second !== 'string') args.splice(1, 0, LOOPBACK);
  } else if (typeof first === 'object' && first !== null && first.host === undefined) {
    const usesPortOption = 'port' in first && !('path' in first) && !('fd' in first) && !('handle' in first);
    if (usesPortOption) args[0] = { ...first, host: LOOPBACK };
  }
  return listen.apply(this, args);
};
