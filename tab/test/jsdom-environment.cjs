// @ts-check
// jsdom has no fetch API (Request, Response, Headers), which react-router's data router uses for every
// navigation. Node has them: give the test window Node's, with Node's AbortController so a Request accepts
// the router's abort signal. Everything else stays jsdom's.
const JSDOMEnvironment = require('jest-environment-jsdom').default;

class TabEnvironment extends JSDOMEnvironment {
  /** @param {ConstructorParameters<typeof JSDOMEnvironment>} args */
  constructor(...args) {
    super(...args);
    Object.assign(this.global, {
      Request,
      Response,
      Headers,
      AbortController,
      AbortSignal,
      TextEncoder,
      TextDecoder,
      structuredClone,
    });
  }
}

module.exports = TabEnvironment;
