// A headless Chromium driven over the DevTools protocol on a pipe
// (`--remote-debugging-pipe`: requests on fd 3, replies and events on
// fd 4, NUL-separated JSON). Enough of the protocol for the editor's test:
// open a page, run script in it, send real key events, take screenshots.
// No puppeteer, so no browser download: Debian's `chromium` is the browser.

import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export class Browser {
  static async launch({ executable = process.env.CHROMIUM ?? 'chromium', width = 1280, height = 800 } = {}) {
    const profile = mkdtempSync(join(tmpdir(), 'mmdflow-chromium-'));
    const args = [
      '--headless',
      '--remote-debugging-pipe',
      // The test runs as root in a container, where the sandbox cannot start.
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--hide-scrollbars',
      `--user-data-dir=${profile}`,
      `--window-size=${width},${height}`,
      'about:blank',
    ];
    const child = spawn(executable, args, { stdio: ['ignore', 'ignore', 'pipe', 'pipe', 'pipe'] });
    const browser = new Browser(child, profile);
    const { targetInfos } = await browser.send('Target.getTargets');
    const page = targetInfos.find((t) => t.type === 'page');
    const { sessionId } = await browser.send('Target.attachToTarget', { targetId: page.targetId, flatten: true });
    browser.session = sessionId;
    await browser.send('Page.enable', {}, sessionId);
    await browser.send('Runtime.enable', {}, sessionId);
    return browser;
  }

  constructor(child, profile) {
    this.child = child;
    this.profile = profile;
    this.nextId = 1;
    this.waiting = new Map();
    this.listeners = [];
    this.consoleLines = [];
    this.stderr = '';
    let pending = '';
    child.stderr.on('data', (chunk) => (this.stderr += chunk));
    child.stdio[4].on('data', (chunk) => {
      pending += chunk.toString();
      let end;
      while ((end = pending.indexOf('\0')) >= 0) {
        this.receive(JSON.parse(pending.slice(0, end)));
        pending = pending.slice(end + 1);
      }
    });
    child.on('exit', (code) => {
      for (const { reject } of this.waiting.values()) reject(new Error(`chromium exited (${code}): ${this.stderr.slice(-2000)}`));
      this.waiting.clear();
    });
  }

  receive(message) {
    if (message.id !== undefined) {
      const call = this.waiting.get(message.id);
      this.waiting.delete(message.id);
      if (message.error) call?.reject(new Error(`${call.method}: ${message.error.message}`));
      else call?.resolve(message.result);
      return;
    }
    if (message.method === 'Runtime.consoleAPICalled') {
      this.consoleLines.push(message.params.args.map((a) => a.value ?? a.description).join(' '));
    }
    if (message.method === 'Runtime.exceptionThrown') {
      this.consoleLines.push(`exception: ${message.params.exceptionDetails.exception?.description ?? message.params.exceptionDetails.text}`);
    }
    for (const listener of this.listeners) listener(message);
  }

  /** Sends a protocol command; to the page's session unless told otherwise. */
  send(method, params = {}, sessionId = this.session) {
    const id = this.nextId++;
    const message = { id, method, params };
    if (sessionId) message.sessionId = sessionId;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject, method });
      this.child.stdio[3].write(JSON.stringify(message) + '\0');
    });
  }

  /** Opens `url` and waits for its load event. */
  async open(url) {
    const loaded = new Promise((resolve) => {
      const listener = (m) => {
        if (m.method === 'Page.loadEventFired') {
          this.listeners = this.listeners.filter((l) => l !== listener);
          resolve();
        }
      };
      this.listeners.push(listener);
    });
    await this.send('Page.navigate', { url });
    await loaded;
  }

  /** The value of `expression` evaluated in the page (promises awaited). */
  async evaluate(expression) {
    const { result, exceptionDetails } = await this.send('Runtime.evaluate', { expression, awaitPromise: true, returnByValue: true });
    if (exceptionDetails) throw new Error(`in the page: ${exceptionDetails.exception?.description ?? exceptionDetails.text}`);
    return result.value;
  }

  /** Waits until `expression` is truthy in the page, polling. */
  async waitFor(expression, { timeout = 10_000, what = expression } = {}) {
    const deadline = Date.now() + timeout;
    for (;;) {
      const value = await this.evaluate(expression);
      if (value) return value;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; console: ${this.consoleLines.join(' | ')}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** Types `text` into the focused element, one key event per character, as a person would. */
  async type(text) {
    for (const character of text) {
      const key = character === '\n'
        ? { key: 'Enter', code: 'Enter', windowsVirtualKeyCode: 13, text: '\r' }
        : { key: character, text: character, unmodifiedText: character };
      await this.send('Input.dispatchKeyEvent', { type: 'keyDown', ...key });
      await this.send('Input.dispatchKeyEvent', { type: 'keyUp', key: key.key, code: key.code });
    }
  }

  /** A PNG screenshot of the page as it is. */
  async screenshot() {
    const { data } = await this.send('Page.captureScreenshot', { format: 'png' });
    return Buffer.from(data, 'base64');
  }

  async close() {
    const exited = this.child.exitCode !== null ? Promise.resolve() : new Promise((r) => this.child.once('exit', r));
    this.send('Browser.close', {}, null).catch(() => {});
    const timer = setTimeout(() => this.child.kill(), 5000);
    await exited;
    clearTimeout(timer);
    rmSync(this.profile, { recursive: true, force: true, maxRetries: 3 });
  }
}
