// Type declarations of mmdflow.js.

/** A mermaid theme mmdflow draws. */
export type Theme = 'default' | 'forest' | 'dark' | 'neutral' | 'base';

/** A mermaid look. */
export type Look = 'classic' | 'neo' | 'handDrawn';

/** The options of every call; all optional. The CLI's flags of the same meaning are named beside. */
export interface Options {
  /** Theme, overriding every config (`-t`). Default: the config's theme, else `default`. */
  theme?: Theme;
  /**
   * The site's look, as `config.look` (`-c`): a diagram's own front matter
   * or `%%{init}%%` directive still wins. Default: `classic`.
   */
  look?: Look;
  /** A second theme for readers in dark mode, under `@media (prefers-color-scheme: dark)` (`--dark-theme`). */
  darkTheme?: Theme;
  /**
   * A mermaid config object, as the CLI's `-c` file holds (`{ flowchart: { curve: 'linear' } }`).
   * Keys mmdflow does not use come back as warnings.
   */
  config?: Record<string, unknown>;
  /**
   * Prefix of every id in the SVG (`-I`, at most 100 characters). Default: `mmd-` and a hash of the
   * diagram; give one per diagram when a page inlines several.
   */
  svgId?: string;
  /** Extra CSS appended to the SVG's style sheet, scoped to the diagram (`--cssFile`). */
  css?: string;
}

/** A warning; `line` and `column` (from 1) when it has a place in the diagram text. */
export interface Warning {
  message: string;
  line?: number;
  column?: number;
}

/** What `MmdflowError.kind` can be. */
export type ErrorKind =
  | 'syntax'
  | 'semantic'
  | 'unsupportedDiagram'
  | 'limitExceeded'
  | 'encoding'
  | 'config'
  | 'render'
  | 'io'
  | 'internal';

/** A diagram that cannot be drawn, or options that cannot be used. */
export class MmdflowError extends Error {
  readonly name: 'MmdflowError';
  readonly kind: ErrorKind;
  /** Line of the problem (from 1), when it has a place in the diagram text. */
  readonly line?: number;
  /** Column of the problem (from 1, in characters), when it has a place. */
  readonly column?: number;
  /** The message, then the source line with a caret under the problem. */
  readonly report: string;
}

/** The object `mmdflow -e json` prints: the layout, in SVG user units. */
export interface Layout {
  direction: 'TB' | 'BT' | 'LR' | 'RL';
  width: number;
  height: number;
  nodes: Array<{
    id: string;
    x: number;
    y: number;
    width: number;
    height: number;
    label: string;
    label_kind: string;
    shape: string;
    classes?: string[];
    parent: string | null;
  }>;
  edges: Array<{
    id: string;
    from: string;
    to: string;
    type: string;
    stroke: string;
    length: number;
    points: Array<[number, number]>;
    label?: string;
    label_box?: { x: number; y: number; width: number; height: number };
  }>;
  clusters: Array<{
    id: string;
    title: string;
    x: number;
    y: number;
    width: number;
    height: number;
    title_box?: { x: number; y: number; width: number; height: number };
    parent: string | null;
    nodes: string[];
    direction?: string;
  }>;
  meta: { engine: 'mmdflow'; version: string };
}

/** The themes mmdflow draws. */
export const themes: readonly Theme[];
/** The looks mermaid has. */
export const looks: readonly Look[];

/** Renders a flowchart to an SVG document; throws an MmdflowError for a diagram that cannot be drawn. */
export function render(text: string, options?: Options): { svg: string; warnings: Warning[] };

/** Lays a flowchart out without drawing it; throws as `render` does. */
export function layout(text: string, options?: Options): { layout: Layout; warnings: Warning[] };

/** Checks a flowchart without laying it out; never throws for a bad diagram. */
export function check(
  text: string,
  options?: Options,
): { ok: true; warnings: Warning[] } | { ok: false; error: MmdflowError; warnings: Warning[] };

/**
 * Loads the WebAssembly module from elsewhere than the `mmdflow.wasm` beside mmdflow.js, which
 * importing the package already loads.
 */
export function init(
  source: string | URL | Response | PromiseLike<Response> | ArrayBuffer | ArrayBufferView | WebAssembly.Module,
): Promise<void>;
