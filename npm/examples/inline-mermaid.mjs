// Replaces the ```mermaid blocks of Markdown files with inline SVG, for a
// static site builder that takes Markdown with HTML in it (Jekyll, Hugo,
// Eleventy, MkDocs, …). No browser: each diagram takes about a millisecond.
//
// usage: node inline-mermaid.mjs IN_DIR OUT_DIR
// Every .md file of IN_DIR (and its subfolders) is written to OUT_DIR with
// its diagrams drawn. A diagram that cannot be drawn is reported as
// FILE:LINE:COLUMN and the file keeps its block; the exit code is then 1.

import { readdir, readFile, writeFile, mkdir } from 'node:fs/promises';
import { join, relative, dirname } from 'node:path';
import { render } from 'mmdflow';

const [inDir, outDir] = process.argv.slice(2);
if (!inDir || !outDir) {
  console.error('usage: node inline-mermaid.mjs IN_DIR OUT_DIR');
  process.exit(2);
}

// A fenced block: its opening fence (``` or ~~~, 3 or more), `mermaid`, the
// body, and the same fence closing it.
const FENCE = /^([ \t]*)(`{3,}|~{3,})[ \t]*mermaid[ \t]*\n([\s\S]*?)^\1\2[ \t]*$/gm;

let failed = 0;
for (const entry of await readdir(inDir, { recursive: true, withFileTypes: true })) {
  if (!entry.isFile() || !entry.name.endsWith('.md')) continue;
  const path = join(entry.parentPath ?? entry.path, entry.name);
  const name = relative(inDir, path);
  const text = await readFile(path, 'utf8');
  let n = 0;
  const drawn = text.replace(FENCE, (block, indent, fence, body, offset) => {
    n += 1;
    try {
      // One id per diagram and page, so a page's diagrams never share ids.
      const page = name.replace(/\.md$/, '').replace(/[^A-Za-z0-9]+/g, '-');
      const { svg, warnings } = render(body, { svgId: `mmd-${page}-${n}` });
      for (const w of warnings) console.warn(`${name}: diagram ${n}: warning: ${w.message}`);
      return `<figure class="mermaid">${svg.trimEnd()}</figure>`;
    } catch (error) {
      // The body starts on the line after the fence.
      const fenceLine = text.slice(0, offset).split('\n').length;
      const at = error.line ? `${fenceLine + error.line}:${error.column}` : `${fenceLine}`;
      console.error(`${name}:${at}: error: ${error.message}`);
      failed += 1;
      return block;
    }
  });
  const target = join(outDir, name);
  await mkdir(dirname(target), { recursive: true });
  await writeFile(target, drawn);
}
process.exit(failed ? 1 : 0);
