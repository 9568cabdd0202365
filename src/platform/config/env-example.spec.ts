import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { getMetadataStorage } from 'class-validator';
import { Environment } from './environment';

describe('.env.example', () => {
  it('documents every variable the configuration reads, and no other', () => {
    const text = readFileSync(join(__dirname, '..', '..', '..', '.env.example'), 'utf8');
    const documented = new Set([...text.matchAll(/^#? ?([A-Z][A-Z0-9_]+)=/gm)].map((m) => m[1]));
    const read = new Set(
      getMetadataStorage()
        .getTargetValidationMetadatas(Environment, '', true, false)
        .map((m) => m.propertyName),
    );
    expect([...read].filter((name) => !documented.has(name))).toEqual([]);
    expect([...documented].filter((name) => !read.has(name!))).toEqual([]);
  });
});
