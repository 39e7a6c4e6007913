// Emits generated/<name>/README.md from the Handlebars templates in ./templates (embedded in
// ./templates.generated.ts by `npm run embed`, so nothing is read from disk): the roles, the
// role x permission matrix grouped like the source documents with what each permission allows,
// scales, plans and features, resources and access, tiers, cross-field rules, role management,
// inheritance, limits and members. The README is for a support manager who checks the model
// against the product's own documentation, so everything is said in the policy's display names.
//
// Escaping: HTML escaping is off because the output is Markdown, not HTML. A template field is
// either a raw policy string that the template passes through the `md`, `mdBlock`, `mermaid` or
// `code` helper, or a precomputed field whose name ends in `Md`, built by the parts in ./docs from
// strings that each went through markdownInline / markdownCode first. Sections with nothing to show are
// null or empty and left out by the template. The order of everything follows the IR, so the
// output is deterministic.
//
// Each part of the policy language builds its own fields of the template view in ./docs/<part>.ts
// (shared wording helpers in ./docs/helpers.ts); DOCS_PARTS lists them, in order, with the partials
// each section is written in.

import Handlebars from 'handlebars';
import type { ResolvedPolicy } from '../ir.js';
import { DO_NOT_EDIT } from './header.js';
import { markdownBlock, markdownCode, markdownInline, mermaidLabel } from './escape.js';
import { TEMPLATES } from './templates.generated.js';
import { endWithNewline, type EmitCache } from './emit-cache.js';
import { docsContext } from './docs/helpers.js';
import { DOCS_PARTS } from './docs/index.js';

let compiled: Handlebars.TemplateDelegate | undefined;

function template(): Handlebars.TemplateDelegate {
  if (!compiled) {
    const hbs = Handlebars.create();
    const read = (file: string): string => {
      const text = TEMPLATES[file];
      if (text === undefined) throw new Error(`template ${file} is not embedded; run npm run embed`);
      return text;
    };
    hbs.registerHelper('md', (s: unknown) => markdownInline(String(s ?? '')));
    hbs.registerHelper('mdBlock', (s: unknown) => markdownBlock(String(s ?? '')));
    hbs.registerHelper('mermaid', (s: unknown) => mermaidLabel(String(s ?? '')));
    hbs.registerHelper('code', (s: unknown) => markdownCode(String(s ?? '')));
    // Partials of readme.md.hbs: `{{> name}}` reads templates/readme-<name>.hbs.
    for (const part of DOCS_PARTS) for (const p of part.partials) hbs.registerPartial(p, hbs.compile(read(`readme-${p}.hbs`), { noEscape: true, strict: true }));
    compiled = hbs.compile(read('readme.md.hbs'), { noEscape: true, strict: true });
  }
  return compiled;
}

/** README.md for the policy; with a cache (watch), the matrix rows whose cells did not change are not joined again. */
export function emitDocs(ir: ResolvedPolicy, sourceDir: string, cache?: EmitCache): string {
  const ctx = docsContext(ir, cache);
  const view: Record<string, unknown> = {
    doNotEdit: DO_NOT_EDIT,
    sourceDir,
    title: ir.title,
    description: ir.description,
    version: ir.version,
  };
  for (const part of DOCS_PARTS) {
    for (const [key, value] of Object.entries(part.view(ctx))) {
      if (Object.hasOwn(view, key)) throw new Error(`README part ${part.name} sets ${key}, which another part already set`);
      view[key] = value;
    }
  }
  const text = template()(view);
  return endWithNewline(
    text
      .replace(/\r\n/g, '\n')
      .replace(/\n{3,}/g, '\n\n'),
  );
}
