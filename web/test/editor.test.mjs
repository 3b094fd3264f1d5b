// The live editor in Debian's headless Chromium, driven over the DevTools
// protocol (cdp.mjs): the page loads with the guide's decision flow, a
// diagram typed key by key redraws the picture, an error typed after it
// shows its line:column and marks the line while the picture stays, and
// the URL's hash brings the typed diagram back.
//
// Run after scripts/build-wasm.sh: `node --test web/test/*.test.mjs`.
// Env: EDITOR_URL, the page's address (scripts/e2e-wasm.sh serves the
// repository with `python3 -m http.server` and gives .../web/); without it
// the test serves the repository itself, so the page runs from /web/, a
// subfolder. SCREENSHOTS=folder to keep screenshots (default:
// target/e2e-wasm); CHROMIUM=path of the browser.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { readFile, mkdir, writeFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { extname, join, normalize, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';
import { Browser } from './cdp.mjs';

const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const SCREENSHOTS = resolve(ROOT, process.env.SCREENSHOTS ?? 'target/e2e-wasm');
const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.mjs': 'text/javascript', '.css': 'text/css', '.wasm': 'application/wasm' };

/** A static file server of the repository, on a free port. */
function serve() {
  const server = createServer(async (request, response) => {
    const path = normalize(decodeURIComponent(new URL(request.url, 'http://x').pathname)).replace(/^(\.\.[/\\])+/, '');
    const file = join(ROOT, path.endsWith('/') ? `${path}index.html` : path);
    try {
      const body = await readFile(file);
      response.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
      response.end(body);
    } catch {
      response.writeHead(404).end();
    }
  });
  return new Promise((done) => server.listen(0, '127.0.0.1', () => done(server)));
}

const TYPED = 'graph LR\n  X[Typed here] --> Y{Works?}\n  Y -->|yes| Z[Done]\n';
// Line 4 of the text once typed after TYPED: `=>` is not a link.
const ERROR_LINE = '  Z => X';

let server;
let browser;
let page;

before(async () => {
  if (process.env.EDITOR_URL) {
    page = process.env.EDITOR_URL;
  } else {
    server = await serve();
    page = `http://127.0.0.1:${server.address().port}/web/`;
  }
  browser = await Browser.launch();
  await mkdir(SCREENSHOTS, { recursive: true });
});

after(async () => {
  await browser?.close();
  server?.close();
});

const state = () => browser.evaluate(`({
  state: document.body.dataset.state,
  svg: document.querySelector('#preview svg')?.outerHTML ?? '',
  stale: document.querySelector('#preview').classList.contains('stale'),
  message: document.querySelector('#message').textContent,
  markedLines: [...document.querySelectorAll('#gutter .error')].map((n) => n.textContent),
  bandShown: !document.querySelector('#error-line').hidden,
  bandTop: document.querySelector('#error-line').style.top,
  text: document.querySelector('#source').value,
  hash: location.hash,
})`);

test('the editor draws, redraws as one types, and shows an error with its line', async () => {
  await browser.open(page);
  await browser.waitFor(`document.body.dataset.state === 'drawn'`, { what: 'the first drawing' });
  const seeded = await state();
  assert.match(seeded.text, /^graph TD;\n {4}A\[Start\] --> B\{Condition\?\};/);
  assert.ok(seeded.svg.includes('Condition?'), 'the seed is drawn');
  await writeFile(join(SCREENSHOTS, 'editor-seed.png'), await browser.screenshot());

  // Type a new diagram over the seed, key by key.
  await browser.evaluate(`document.querySelector('#source').focus(), document.querySelector('#source').select()`);
  await browser.type(TYPED);
  await browser.waitFor(`document.querySelector('#preview svg')?.outerHTML.includes('Typed here')`, { what: 'the typed diagram' });
  const typed = await state();
  assert.equal(typed.text, TYPED);
  assert.equal(typed.state, 'drawn');
  assert.notEqual(typed.svg, seeded.svg, 'the picture changed');
  assert.ok(typed.svg.includes('Works?') && typed.svg.includes('Done'));
  assert.deepEqual(typed.markedLines, []);
  assert.equal(typed.bandShown, false);
  await writeFile(join(SCREENSHOTS, 'editor-drawn.png'), await browser.screenshot());

  // Type an error at the end: the message names line 4, the gutter and the
  // band mark it, and the last good picture stays (dimmed).
  await browser.type(ERROR_LINE);
  await browser.waitFor(`document.body.dataset.state === 'error'`, { what: 'the error' });
  const broken = await state();
  assert.match(broken.message, /^4:5: error: .*=>/);
  assert.match(broken.message, /4 \| {3}Z => X/);
  assert.deepEqual(broken.markedLines, ['4']);
  assert.equal(broken.bandShown, true);
  assert.equal(broken.bandTop, `${8 + 3 * 20}px`, 'the band sits on line 4');
  assert.equal(broken.svg, typed.svg, 'the last good picture stays');
  assert.equal(broken.stale, true);
  await writeFile(join(SCREENSHOTS, 'editor-error.png'), await browser.screenshot());

  // Mend it: the picture comes back with the new edge.
  await browser.evaluate(`(() => { const s = document.querySelector('#source'); s.setSelectionRange(s.value.length - 4, s.value.length - 2); })()`);
  await browser.type('-->');
  await browser.waitFor(`document.body.dataset.state === 'drawn'`, { what: 'the mended diagram' });
  const mended = await state();
  assert.equal(mended.text, TYPED + '  Z --> X');
  assert.notEqual(mended.svg, typed.svg);
  assert.deepEqual(mended.markedLines, []);
});

test('the theme picker redraws, and the hash brings the diagram back', async () => {
  const before = await state();
  await browser.evaluate(`(() => { const t = document.querySelector('#theme'); t.value = 'forest'; t.dispatchEvent(new Event('change')); })()`);
  const forest = await state();
  assert.notEqual(forest.svg, before.svg);
  await browser.waitFor(`location.hash.startsWith('#pako:')`, { what: 'the hash' });
  // Let the newest hash write land, then open the link afresh.
  await new Promise((r) => setTimeout(r, 200));
  const link = await browser.evaluate('location.href');
  await browser.open('about:blank');
  await browser.open(link);
  await browser.waitFor(`document.body.dataset.state === 'drawn'`, { what: 'the linked drawing' });
  const reopened = await state();
  assert.equal(reopened.text, forest.text);
  assert.equal(await browser.evaluate(`document.querySelector('#theme').value`), 'forest');
  assert.equal(reopened.svg, forest.svg);
});

test('the download buttons save the SVG and a PNG drawn through a canvas', async () => {
  const folder = await mkdtemp(join(tmpdir(), 'mmdflow-downloads-'));
  try {
    await browser.send('Browser.setDownloadBehavior', { behavior: 'allow', downloadPath: folder, eventsEnabled: true }, null);
    const saved = (name) => new Promise((done) => {
      const listener = (m) => {
        if (m.method === 'Browser.downloadWillBegin' && m.params.suggestedFilename === name) listener.guid = m.params.guid;
        if (m.method === 'Browser.downloadProgress' && m.params.guid === listener.guid && m.params.state === 'completed') {
          browser.listeners = browser.listeners.filter((l) => l !== listener);
          done(readFile(join(folder, listener.guid)).catch(() => readFile(join(folder, name))));
        }
      };
      browser.listeners.push(listener);
    });
    const svgSaved = saved('diagram.svg');
    await browser.evaluate(`document.querySelector('#download-svg').click()`);
    const svg = (await svgSaved).toString();
    const shown = await browser.evaluate(`import('./mmdflow.js').then(({ render }) => render(document.querySelector('#source').value,
      { theme: document.querySelector('#theme').value, look: document.querySelector('#look').value, svgId: 'preview' }).svg)`);
    assert.equal(svg, shown, 'the SVG file is the picture shown');
    const pngSaved = saved('diagram.png');
    await browser.evaluate(`document.querySelector('#download-png').click()`);
    const png = await pngSaved;
    assert.equal(png.subarray(1, 4).toString(), 'PNG');
    const [width, height] = [png.readUInt32BE(16), png.readUInt32BE(20)];
    const box = await browser.evaluate(`(() => { const b = document.querySelector('#preview svg').viewBox.baseVal; return [b.width, b.height]; })()`);
    assert.deepEqual([width, height], box.map((side) => Math.ceil(side * 2)), 'twice the diagram\'s size');
    await writeFile(join(SCREENSHOTS, 'download.png'), png);
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
});

test('a #pako: link opens its diagram, and an error in it shows at its line', async () => {
  // As pako (mermaid.live) writes it: zlib deflate, URL-safe base64.
  const code = 'graph TD\n  A[Start] --> B{Ready?}\n  B -->|yes| C[Ship]\n  C => A\n';
  const saved = { code, mermaid: JSON.stringify({ theme: 'forest' }) };
  const link = `${page}#pako:${deflateSync(JSON.stringify(saved)).toString('base64url')}`;
  await browser.open('about:blank');
  await browser.open(link);
  await browser.waitFor(`document.body.dataset.state === 'error'`, { what: 'the link\'s error' });
  const opened = await state();
  assert.equal(opened.text, code);
  assert.equal(await browser.evaluate(`document.querySelector('#theme').value`), 'forest');
  assert.match(opened.message, /^4:5: error: /);
  assert.deepEqual(opened.markedLines, ['4']);
  // Nothing good was drawn yet: no picture, and the error alone.
  assert.equal(opened.svg, '');
  await writeFile(join(SCREENSHOTS, 'editor-link-error.png'), await browser.screenshot());
});
