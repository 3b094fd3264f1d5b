// The README's site-builder example (examples/inline-mermaid.mjs), run on
// a small folder of Markdown.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SEED } from './graphs.mjs';

const EXAMPLE = fileURLToPath(new URL('../examples/inline-mermaid.mjs', import.meta.url));

test('inline-mermaid.mjs draws the blocks and places errors in the file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mmdflow-example-'));
  try {
    mkdirSync(join(dir, 'in', 'guide'), { recursive: true });
    writeFileSync(join(dir, 'in', 'guide', 'page.md'), `# Page\n\n\`\`\`mermaid\n${SEED}\`\`\`\n\nText.\n\n~~~mermaid\ngraph LR\n  A => B\n~~~\n`);
    writeFileSync(join(dir, 'in', 'plain.md'), 'No diagrams.\n');
    const run = spawnSync(process.execPath, [EXAMPLE, join(dir, 'in'), join(dir, 'out')], { encoding: 'utf8' });
    assert.equal(run.status, 1, run.stderr);
    // The broken block's fence is line 14; its error is on its line 2.
    assert.match(run.stderr, /^guide\/page\.md:16:5: error: .*=>/m);
    const page = readFileSync(join(dir, 'out', 'guide', 'page.md'), 'utf8');
    assert.match(page, /^# Page\n\n<figure class="mermaid"><svg [^>]*id="mmd-guide-page-1"/);
    assert.ok(page.includes('~~~mermaid\ngraph LR\n  A => B\n~~~'), 'the broken block is kept');
    assert.equal(readFileSync(join(dir, 'out', 'plain.md'), 'utf8'), 'No diagrams.\n');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
