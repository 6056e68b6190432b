// A small W3C WebDriver client for the desktop tests: tauri-driver in
// front of WebKitWebDriver drives the real app window. Only what the tests
// use: sessions, elements, clicks, keys, scripts, screenshots.

const sleep = (ms) => new Promise((ok) => setTimeout(ok, ms));

export class WebDriver {
  constructor(base) {
    this.base = base;
    this.session = null;
  }

  async send(method, path, body) {
    const r = await fetch(this.base + path, {
      method,
      headers: { 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = await r.json().catch(() => ({}));
    if (!r.ok || json.value?.error) {
      throw new Error(`${method} ${path}: ${r.status} ${JSON.stringify(json.value ?? json).slice(0, 400)}`);
    }
    return json.value;
  }

  /** Starts the app: `application` is its binary. */
  async start(application) {
    const value = await this.send('POST', '/session', {
      capabilities: { alwaysMatch: { 'tauri:options': { application } } },
    });
    this.session = value.sessionId;
  }

  async stop() {
    if (this.session) await this.send('DELETE', `/session/${this.session}`).catch(() => undefined);
    this.session = null;
  }

  s(path) {
    return `/session/${this.session}${path}`;
  }

  /** Runs a script in the window; answers its value. */
  run(script, ...args) {
    return this.send('POST', this.s('/execute/sync'), { script, args });
  }

  /** Runs an asynchronous script (it calls `arguments[arguments.length - 1]`). */
  runAsync(script, ...args) {
    return this.send('POST', this.s('/execute/async'), { script, args });
  }

  /** Waits until `script` answers something truthy; answers it. */
  async until(script, what, ...args) {
    const deadline = Date.now() + 30_000;
    let last;
    while (Date.now() < deadline) {
      last = await this.run(script, ...args).catch((e) => e);
      if (last && !(last instanceof Error)) return last;
      await sleep(100);
    }
    throw new Error(`timed out waiting for ${what} (last: ${last})`);
  }

  async find(css) {
    const value = await this.until(
      'return document.querySelector(arguments[0]) ? true : false',
      css,
      css,
    ).then(() => this.send('POST', this.s('/element'), { using: 'css selector', value: css }));
    return Object.values(value)[0];
  }

  async click(css) {
    const id = await this.find(css);
    await this.send('POST', this.s(`/element/${id}/click`), {});
  }

  async type(css, text) {
    const id = await this.find(css);
    await this.send('POST', this.s(`/element/${id}/value`), { text });
  }

  async text(css) {
    const id = await this.find(css);
    return this.send('GET', this.s(`/element/${id}/text`));
  }

  /** A PNG of the window. */
  async screenshot() {
    return Buffer.from(await this.send('GET', this.s('/screenshot')), 'base64');
  }
}
