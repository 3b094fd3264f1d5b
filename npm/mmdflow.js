// mmdflow for JavaScript: Mermaid flowcharts to SVG without a browser, in
// Node (>= 20) and in browsers, through one WebAssembly module.
//
// The module is loaded when this file is imported (top-level await), from
// `mmdflow.wasm` next to it: read from disk in Node, fetched in a browser.
// After that every call is synchronous.
//
// The boundary is a hand-written ABI (src/wasm.rs): the request goes in as
// UTF-8 JSON through `mmdflow_request`, `mmdflow_call` runs it, and the
// reply comes back from `mmdflow_reply`: JSON, then the drawing (the SVG,
// or the layout JSON) as it is, so a large SVG is not escaped into JSON
// and parsed back out. What a request and a reply hold is the library's
// `json_api` module, tested natively in Rust.

/** The themes mmdflow draws, as mermaid names them. */
export const themes = Object.freeze(['default', 'forest', 'dark', 'neutral', 'base']);

/** The looks mermaid has. */
export const looks = Object.freeze(['classic', 'neo', 'handDrawn']);

/**
 * A diagram that cannot be drawn, or options that cannot be used.
 * `line` and `column` (from 1; columns count characters) say where, when
 * the problem has a place in the diagram text.
 */
export class MmdflowError extends Error {
  constructor(error) {
    super(error.message);
    this.name = 'MmdflowError';
    this.kind = error.kind;
    this.line = error.line;
    this.column = error.column;
    // The message, then the source line with a caret under the problem.
    this.report = error.report;
  }
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();
let compiled; // WebAssembly.Module, kept to start over after a trap
let wasm; // the instance's exports

/** The WebAssembly at `url`: read from disk for a file URL, else fetched. */
async function fromUrl(url) {
  if (url.protocol === 'file:') {
    const { readFile } = await import('node:fs/promises');
    return readFile(url);
  }
  return fetch(url);
}

async function compile(source) {
  if (source instanceof WebAssembly.Module) return source;
  const resolved = await source;
  if (typeof Response !== 'undefined' && resolved instanceof Response) {
    if (!resolved.ok) throw new Error(`mmdflow: cannot load ${resolved.url}: HTTP ${resolved.status}`);
    // compileStreaming wants the application/wasm type, which not every
    // static server sends; the bytes work with any.
    return WebAssembly.compile(await resolved.arrayBuffer());
  }
  return WebAssembly.compile(resolved);
}

/**
 * Loads the WebAssembly module from `source` (a URL, a Response or a
 * promise of one, bytes, or a compiled WebAssembly.Module) instead of the
 * `mmdflow.wasm` beside this file. Importing this module already loads the
 * default one; call this only to load it from somewhere else.
 */
export async function init(source) {
  const url = typeof source === 'string' ? new URL(source, globalThis.location?.href ?? import.meta.url) : source;
  const module = await compile(url instanceof URL ? fromUrl(url) : source);
  const { exports } = await WebAssembly.instantiate(module, {});
  compiled = module;
  wasm = exports;
}

/** Sends one request; returns the parsed reply and the drawing's text. */
function call(request) {
  const bytes = encoder.encode(JSON.stringify(request));
  let reply;
  let drawing;
  try {
    const at = wasm.mmdflow_request(bytes.length);
    new Uint8Array(wasm.memory.buffer, at, bytes.length).set(bytes);
    const jsonLength = wasm.mmdflow_call();
    // Read the memory afresh: the call may have grown it, which detaches
    // the old buffer.
    const start = wasm.mmdflow_reply();
    const memory = new Uint8Array(wasm.memory.buffer, start, wasm.mmdflow_reply_len());
    reply = decoder.decode(memory.subarray(0, jsonLength));
    drawing = decoder.decode(memory.subarray(jsonLength));
  } catch (trap) {
    // A trap (a bug in mmdflow: it should never panic) leaves the instance
    // unusable; start a fresh one for the next call.
    wasm = new WebAssembly.Instance(compiled, {}).exports;
    throw new MmdflowError({ kind: 'internal', message: `mmdflow failed: ${trap.message}`, report: String(trap) });
  }
  return { ...JSON.parse(reply), drawing };
}

function request(name, text, options) {
  if (typeof text !== 'string') throw new TypeError('mmdflow: the diagram text must be a string');
  if (options != null && typeof options !== 'object') throw new TypeError('mmdflow: options must be an object');
  return call({ call: name, text, options: options ?? {} });
}

/**
 * Renders a flowchart to an SVG document.
 * Returns `{ svg, warnings }`; throws an MmdflowError for a diagram that
 * cannot be drawn or options that cannot be used.
 */
export function render(text, options) {
  const reply = request('render', text, options);
  if (reply.error) throw new MmdflowError(reply.error);
  return { svg: reply.drawing, warnings: reply.warnings };
}

/**
 * Lays a flowchart out without drawing it. Returns `{ layout, warnings }`,
 * `layout` being the object `mmdflow -e json` prints (node boxes, edge
 * points, cluster boxes); throws as `render` does.
 */
export function layout(text, options) {
  const reply = request('layout', text, options);
  if (reply.error) throw new MmdflowError(reply.error);
  return { layout: JSON.parse(reply.drawing), warnings: reply.warnings };
}

/**
 * Checks a flowchart without laying it out, for linters and editors; never
 * throws for a bad diagram. Returns `{ ok: true, warnings }` or
 * `{ ok: false, error, warnings }`, `error` an MmdflowError.
 */
export function check(text, options) {
  const reply = request('check', text, options);
  if (reply.error) return { ok: false, error: new MmdflowError(reply.error), warnings: reply.warnings };
  return { ok: true, warnings: reply.warnings };
}

await init(new URL('./mmdflow.wasm', import.meta.url));
