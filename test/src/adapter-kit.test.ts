/**
 * The adapter kit is enough: every name the built-in adapters import from `core/` is exported
 * by `unipbx/adapter-kit` or `unipbx/adapter-kit/simulator`, so an adapter outside the repo
 * can be built from the same blocks. (Adapters keep their relative imports; this holds the kit
 * to them.) Read with the TypeScript compiler, so type-only exports count too.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const KIT = ['src/adapter-kit/index.ts', 'src/adapter-kit/simulator.ts'].map((f) => join(root, f));

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return tsFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

interface CoreImport {
  readonly file: string;
  readonly module: string;
  readonly name: string;
}

/** Every named import / re-export from `core/` in `file`; a namespace import or `export *` is reported as `*`. */
function coreImports(file: string): CoreImport[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const out: CoreImport[] = [];
  const fromCore = (specifier: ts.Expression | undefined): string | undefined => {
    if (!specifier || !ts.isStringLiteral(specifier) || !specifier.text.startsWith('.')) return undefined;
    const target = relative(root, resolve(dirname(file), specifier.text));
    return target.startsWith('core/') ? target : undefined;
  };
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node)) {
      const module = fromCore(node.moduleSpecifier);
      const bindings = node.importClause?.namedBindings;
      if (module && node.importClause?.name) out.push({ file, module, name: 'default' });
      if (module && bindings && ts.isNamespaceImport(bindings)) out.push({ file, module, name: '*' });
      if (module && bindings && ts.isNamedImports(bindings)) for (const e of bindings.elements) out.push({ file, module, name: (e.propertyName ?? e.name).text });
    } else if (ts.isExportDeclaration(node)) {
      const module = fromCore(node.moduleSpecifier);
      if (module && !node.exportClause) out.push({ file, module, name: '*' });
      if (module && node.exportClause && ts.isNamedExports(node.exportClause)) for (const e of node.exportClause.elements) out.push({ file, module, name: (e.propertyName ?? e.name).text });
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      const module = fromCore(node.arguments[0]);
      if (module) out.push({ file, module, name: '*' });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return out;
}

/** The names the kit's entries export (values and types), read by the type checker. */
function kitExports(): Set<string> {
  const program = ts.createProgram(KIT, { module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, strict: true, noEmit: true, skipLibCheck: true });
  const checker = program.getTypeChecker();
  const names = new Set<string>();
  for (const file of KIT) {
    const symbol = checker.getSymbolAtLocation(program.getSourceFile(file)!);
    for (const exported of symbol ? checker.getExportsOfModule(symbol) : []) names.add(exported.name);
  }
  return names;
}

describe('unipbx/adapter-kit', () => {
  const imports = tsFiles(join(root, 'adapters')).flatMap(coreImports);
  const exported = kitExports();

  it('the scan sees the adapters\' imports from core/ (so the check below can fail)', () => {
    expect(imports.length).toBeGreaterThan(100);
    expect(imports.some((i) => i.module === 'core/http/kernel.js' && i.name === 'HttpKernel')).toBe(true);
    expect(exported.has('HttpKernel')).toBe(true);
    expect(exported.has('noSuchBuildingBlock')).toBe(false);
  });

  it('exports every name the built-in adapters import from core/', () => {
    const missing = imports.filter((i) => !exported.has(i.name)).map((i) => `${relative(root, i.file)}: ${i.name} from ${i.module}`);
    // Add what is missing to src/adapter-kit/index.ts (client side) or simulator.ts (simulator side).
    expect(missing).toEqual([]);
  });
});
