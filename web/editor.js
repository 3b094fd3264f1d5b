// The live editor: the diagram text on the left, its SVG on the right,
// drawn again on every keystroke by mmdflow's WebAssembly build. An error
// shows its line:column message and marks the line while the last good
// picture stays. The text, theme and look live in the URL's hash in
// mermaid.live's `#pako:` form (zlib deflate, URL-safe base64 of
// `{ code, mermaid }`), so a link shares the diagram, and a mermaid.live
// link opens here.

import { render, themes, looks, MmdflowError } from './mmdflow.js';

// The decision flow of the Eventlet guide's "Preparing for Migration" page.
const SEED = `graph TD;
    A[Start] --> B{Condition?};
    B -- Yes --> C[Do something];
    B -- No --> D[Do something else];
    C --> E[End];
    D --> E;
`;

const $ = (id) => document.getElementById(id);
const source = $('source');
const gutter = $('gutter');
const errorLine = $('error-line');
const message = $('message');
const preview = $('preview');
const themePicker = $('theme');
const lookPicker = $('look');
const timing = $('timing');

/** The SVG last drawn without error: what the downloads save. */
let lastGood = null;
/** The line of the current error (from 1), or null. */
let errorAt = null;

for (const [picker, names] of [[themePicker, themes], [lookPicker, looks]]) {
  for (const name of names) picker.add(new Option(name, name));
}

function escapeHtml(text) {
  return text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);
}

/** Draws the text; on an error, keeps the last good picture and marks the line. */
function draw() {
  const started = performance.now();
  let outcome;
  try {
    outcome = render(source.value, { theme: themePicker.value, look: lookPicker.value, svgId: 'preview' });
  } catch (error) {
    if (!(error instanceof MmdflowError)) throw error;
    showError(error);
    return;
  }
  timing.textContent = `drawn in ${(performance.now() - started).toFixed(1)} ms`;
  lastGood = outcome.svg;
  preview.innerHTML = outcome.svg;
  preview.classList.remove('stale');
  preview.classList.toggle('dark', themePicker.value === 'dark');
  errorAt = null;
  message.innerHTML = outcome.warnings.length
    ? outcome.warnings
      .map((w) => `<span class="warning">${w.line ? `${w.line}:${w.column}: ` : ''}warning: ${escapeHtml(w.message)}</span>`)
      .join('\n')
    : '<span class="fine">No problems.</span>';
  document.body.dataset.state = 'drawn';
  markLines();
}

function showError(error) {
  errorAt = error.line ?? null;
  const where = error.line ? `${error.line}:${error.column}: ` : '';
  // The report's first line repeats `line:col: error: message`; the rest
  // is the source line with a caret under the problem.
  const caret = error.report.split('\n').slice(1).join('\n');
  message.innerHTML = `<span class="error">${escapeHtml(`${where}error: ${error.message}`)}</span>\n${escapeHtml(caret)}`;
  if (lastGood === null) preview.innerHTML = '<p class="loading">No picture yet: the diagram has an error.</p>';
  preview.classList.add('stale');
  timing.textContent = '';
  document.body.dataset.state = 'error';
  markLines();
}

/** Line numbers, the error's in red, and the band behind the error line. */
function markLines() {
  const count = source.value.split('\n').length;
  const numbers = [];
  for (let n = 1; n <= count; n++) numbers.push(n === errorAt ? `<span class="error">${n}</span>` : String(n));
  // One more line than the text, so the gutter can scroll as far as the
  // textarea, whose bottom padding adds a line's room.
  gutter.innerHTML = numbers.join('\n') + '\n ';
  placeErrorBand();
}

function placeErrorBand() {
  gutter.scrollTop = source.scrollTop;
  if (errorAt === null) {
    errorLine.hidden = true;
    return;
  }
  const style = getComputedStyle(source);
  const top = parseFloat(style.paddingTop) + (errorAt - 1) * parseFloat(style.lineHeight) - source.scrollTop;
  errorLine.style.top = `${top}px`;
  errorLine.hidden = false;
}

// --- the URL's hash -------------------------------------------------------

function toBase64Url(bytes) {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text) {
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

async function through(stream, bytes) {
  return new Uint8Array(await new Response(new Blob([bytes]).stream().pipeThrough(stream)).arrayBuffer());
}

let hashWrites = 0;

/** Puts the text, theme and look in the hash; the newest write wins. */
async function saveToHash() {
  const write = ++hashWrites;
  const state = { code: source.value, mermaid: JSON.stringify({ theme: themePicker.value, look: lookPicker.value }) };
  const packed = await through(new CompressionStream('deflate'), new TextEncoder().encode(JSON.stringify(state)));
  if (write === hashWrites) history.replaceState(null, '', `#pako:${toBase64Url(packed)}`);
}

/** The state in the hash, or null when there is none or it cannot be read. */
async function loadFromHash() {
  const hash = location.hash;
  if (!hash.startsWith('#pako:')) return null;
  try {
    const bytes = await through(new DecompressionStream('deflate'), fromBase64Url(hash.slice(6)));
    const state = JSON.parse(new TextDecoder().decode(bytes));
    const config = typeof state.mermaid === 'string' ? JSON.parse(state.mermaid) : {};
    return { code: String(state.code ?? ''), theme: config.theme, look: config.look };
  } catch {
    return null;
  }
}

/** Draws the diagram of the hash, else the seed (or, with `keep`, what is there). */
async function start({ keep = false } = {}) {
  const state = (await loadFromHash()) ?? (keep ? null : { code: SEED });
  if (!state) return;
  source.value = state.code;
  if (themes.includes(state.theme)) themePicker.value = state.theme;
  if (looks.includes(state.look)) lookPicker.value = state.look;
  draw();
}

// --- downloads --------------------------------------------------------------

function save(blob, name) {
  const link = document.createElement('a');
  link.href = URL.createObjectURL(blob);
  link.download = name;
  link.click();
  setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
}

/** The last good SVG at twice its size on a canvas, as PNG. */
async function savePng() {
  const drawn = preview.querySelector('svg');
  if (!lastGood || !drawn) return;
  const box = drawn.viewBox.baseVal;
  const scale = 2;
  // An <img> needs the SVG's own size: the drawn one is responsive.
  const sized = new DOMParser().parseFromString(lastGood, 'image/svg+xml').documentElement;
  sized.setAttribute('width', String(box.width));
  sized.setAttribute('height', String(box.height));
  sized.style.maxWidth = '';
  const image = new Image();
  image.src = URL.createObjectURL(new Blob([new XMLSerializer().serializeToString(sized)], { type: 'image/svg+xml' }));
  await image.decode();
  const canvas = document.createElement('canvas');
  canvas.width = Math.ceil(box.width * scale);
  canvas.height = Math.ceil(box.height * scale);
  const context = canvas.getContext('2d');
  context.fillStyle = getComputedStyle(preview).backgroundColor === 'rgba(0, 0, 0, 0)' ? '#ffffff' : getComputedStyle(preview).backgroundColor;
  context.fillRect(0, 0, canvas.width, canvas.height);
  context.drawImage(image, 0, 0, canvas.width, canvas.height);
  URL.revokeObjectURL(image.src);
  canvas.toBlob((png) => png && save(png, 'diagram.png'), 'image/png');
}

// --- events -------------------------------------------------------------------

source.addEventListener('input', () => {
  draw();
  saveToHash();
});
source.addEventListener('scroll', placeErrorBand);
source.addEventListener('keydown', (event) => {
  // Tab indents instead of leaving the editor.
  if (event.key === 'Tab' && !event.shiftKey && !event.ctrlKey && !event.altKey && !event.metaKey) {
    event.preventDefault();
    source.setRangeText('    ', source.selectionStart, source.selectionEnd, 'end');
    source.dispatchEvent(new Event('input'));
  }
});
for (const picker of [themePicker, lookPicker]) {
  picker.addEventListener('change', () => {
    draw();
    saveToHash();
  });
}
$('download-svg').addEventListener('click', () => lastGood && save(new Blob([lastGood], { type: 'image/svg+xml' }), 'diagram.svg'));
$('download-png').addEventListener('click', savePng);
window.addEventListener('hashchange', () => start({ keep: true }));

start();
