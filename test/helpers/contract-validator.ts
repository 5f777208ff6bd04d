import { execFile } from 'node:child_process';
import Ajv, { type ValidateFunction } from 'ajv';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { buildAsyncApi } from '../../apps/bridge/src/contract/asyncapi';
import { contractSchemas } from '../../apps/bridge/src/contract/contract-schemas';
import type { JsonSchema } from '../../apps/bridge/src/contract/json-schema';

/** The parts of the AsyncAPI document this helper reads. */
interface AsyncApiView {
  channels: Record<string, { address: string; messages: Record<string, { $ref: string }> }>;
}

/**
 * Validates payloads against the generated contract with Ajv in strict mode: draft-07 (the AsyncAPI 3.0
 * Schema Object) by default, draft 2020-12 (OpenAPI 3.1) on request. Also maps an MQTT topic to its
 * payload schema through the AsyncAPI document's own channel addresses, so a topic the document does not
 * describe is an error too.
 */
export class ContractValidator {
  private readonly ajv: Ajv;
  private readonly cache = new Map<string, ValidateFunction>();
  private readonly channels: { pattern: string; params: number; schema: string }[];

  constructor(draft: '07' | '2020' = '07', schemas: Record<string, JsonSchema> = contractSchemas(),
    readonly asyncApi: object = buildAsyncApi()) {
    this.ajv = draft === '07' ? new Ajv(AJV_OPTIONS) : new Ajv2020(AJV_OPTIONS);
    addFormats(this.ajv);
    // The schemas live at #/components/schemas/ in both documents; `components` only carries them here.
    this.ajv.addKeyword('components');
    this.ajv.addSchema({ $id: ROOT, components: { schemas } });
    this.channels = Object.values((asyncApi as AsyncApiView).channels).map((ch) => channelMatcher(asyncApi, ch));
  }

  /** The compiled validator of one schema in `#/components/schemas/`. */
  compile(name: string): ValidateFunction {
    let v = this.cache.get(name);
    if (!v) {
      v = this.ajv.getSchema(`${ROOT}#/components/schemas/${name}`);
      if (!v) throw new Error(`no schema ${name}`);
      this.cache.set(name, v);
    }
    return v;
  }

  /** Ajv's errors as one readable line each; empty when `value` is valid. */
  errors(name: string, value: unknown): string[] {
    const v = this.compile(name);
    if (v(value)) return [];
    return (v.errors ?? []).map((e) => `${name}${e.instancePath} ${e.message} ${JSON.stringify(e.params)}`);
  }

  isValid(name: string, value: unknown): boolean {
    return this.compile(name)(value) as boolean;
  }

  /** The payload schema of the most specific channel whose address matches `topic` under `base`. */
  schemaForTopic(topic: string, base = 'boards'): string | undefined {
    const matching = this.channels.filter((c) => new RegExp(c.pattern.replace('{base}', escape(base))).test(topic));
    matching.sort((a, b) => a.params - b.params);
    return matching[0]?.schema;
  }

  /** Problems with one MQTT publication: an undocumented topic, invalid JSON or a payload off its schema. */
  checkPublication(topic: string, payload: string, base = 'boards'): string[] {
    const schema = this.schemaForTopic(topic, base);
    if (!schema) return [`${topic}: no channel of the AsyncAPI document matches`];
    let value: unknown;
    try {
      value = JSON.parse(payload);
    } catch {
      return [`${topic}: payload is not JSON`];
    }
    return this.errors(schema, value).map((e) => `${topic}: ${e}`);
  }
}

const ROOT = 'board-bridge-contract';
/**
 * Strict, except strictRequired: a command's positional form requires `p1`… that only patternProperties
 * define (`allOf` with the shared PositionalCommand), which is correct JSON Schema that lint flags.
 */
const AJV_OPTIONS = { strict: true, strictRequired: false, allErrors: true, allowUnionTypes: true };

function channelMatcher(doc: object, ch: AsyncApiView['channels'][string]):
  { pattern: string; params: number; schema: string } {
  const params = (ch.address.match(/\{[A-Za-z]+\}/g) ?? []).filter((p) => p !== '{base}').length;
  const levels = ch.address.split('/').map((l) => (l === '{base}' ? l : l.startsWith('{') ? '[^/]+' : escape(l)));
  const message = resolvePointer(doc, Object.values(ch.messages)[0].$ref) as { payload: { $ref: string } };
  const schema = message.payload.$ref.split('/').pop() as string;
  return { pattern: `^${levels.join('/')}$`, params, schema };
}

/** `#/a/b` in `doc`, or undefined. */
export function resolvePointer(doc: unknown, pointer: string): unknown {
  return pointer.slice(2).split('/').map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], doc);
}

/** Every `$ref` in `doc` that does not resolve inside it. */
export function danglingRefs(doc: unknown): string[] {
  const out: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      for (const [key, value] of Object.entries(node)) {
        if (key === '$ref' && typeof value === 'string' && resolvePointer(doc, value) === undefined) out.push(value);
        else walk(value);
      }
    }
  };
  walk(doc);
  return out;
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Validates an OpenAPI document with @seriousme/openapi-schema-validator (the OAS 3.1 JSON Schema plus a
 * check that every $ref resolves). The package is ESM-only and jest runs CommonJS here, so it runs in a
 * child Node process, where ESM loads natively.
 */
export function validateOpenApi(doc: unknown): Promise<{ valid: boolean; errors?: unknown }> {
  const script = `import { Validator } from '@seriousme/openapi-schema-validator';
    let input = ''; process.stdin.on('data', (c) => { input += c; });
    process.stdin.on('end', async () => {
      const result = await new Validator().validate(JSON.parse(input));
      process.stdout.write(JSON.stringify(result));
    });`;
  return new Promise((resolve, reject) => {
    const child = execFile(process.execPath, ['--input-type=module', '-e', script], { cwd: process.cwd() },
      (err, stdout, stderr) => (err ? reject(new Error(`${err.message}\n${stderr}`)) : resolve(JSON.parse(stdout))));
    child.stdin?.end(JSON.stringify(doc));
  });
}
