import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import asyncApiSpecs from '@asyncapi/specs';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { COMMAND_TABLE } from '@board-bridge/board-protocol';
import { parse } from 'yaml';
import { ContractValidator, danglingRefs, validateOpenApi } from '../../../../test/helpers/contract-validator';
import { buildAsyncApi } from './asyncapi';
import { addressParameters } from './asyncapi-channels';
import { commandSchemaName } from './command-schemas';
import { CONTRACT_FILES } from './contract-files';
import { contractSchemas } from './contract-schemas';
import { EVENT_DOCS, eventSchemaName } from './event-schemas';
import { buildOpenApi } from './openapi';


const ROOT = join(__dirname, '..', '..', '..', '..');

describe('generated contract documents', () => {
  it.each(Object.keys(CONTRACT_FILES))('%s is committed exactly as generated (run `npm run contract`)', (file) => {
    const committed = readFileSync(join(ROOT, file), 'utf8');
    expect(committed).toBe(CONTRACT_FILES[file]());
  });

  it('the YAML reads back as the generated object', () => {
    expect(parse(CONTRACT_FILES['docs/asyncapi.yaml']())).toEqual(buildAsyncApi());
    expect(parse(CONTRACT_FILES['docs/openapi.yaml']())).toEqual(buildOpenApi());
  });

  it('every schema compiles in Ajv strict mode as draft-07 and as draft 2020-12', () => {
    for (const draft of ['07', '2020'] as const) {
      const v = new ContractValidator(draft);
      for (const name of Object.keys(contractSchemas())) expect(() => v.compile(name)).not.toThrow();
    }
  });

  it('has no dangling $ref in either document', () => {
    expect(danglingRefs(buildAsyncApi())).toEqual([]);
    expect(danglingRefs(buildOpenApi())).toEqual([]);
  });
});

describe('AsyncAPI document', () => {
  const doc = buildAsyncApi() as Record<string, Record<string, Record<string, unknown>>>;

  it('is valid against the official AsyncAPI 3.0.0 JSON Schema (@asyncapi/specs)', () => {
    // The bundled schema embeds the draft-07 meta-schema, which Ajv also has built in: skip Ajv's copy.
    const ajv = new Ajv({ meta: false, validateSchema: false, strict: false, allErrors: true });
    addFormats(ajv);
    const validate = ajv.compile(asyncApiSpecs.schemas['3.0.0']);
    const valid = validate(doc);
    expect(valid ? [] : validate.errors?.slice(0, 5)).toEqual([]);
    // The check has teeth: a message whose payload schema has an unknown type fails it.
    const broken = structuredClone(doc);
    broken.components.schemas.Availability = { type: 'nope' };
    expect(validate(broken)).toBe(false);
  });

  it('has a channel and a payload schema for every event name and every documented command', () => {
    const addresses = Object.values(doc.channels).map((c) => c.address);
    for (const { event } of EVENT_DOCS) {
      expect(addresses).toContain(`{base}/{boardId}/event/${event}`);
      expect(doc.components.schemas[eventSchemaName(event)]).toBeDefined();
    }
    for (const spec of COMMAND_TABLE) {
      expect(addresses).toContain(`{base}/{boardId}/command/${spec.name}`);
      expect(doc.components.schemas[commandSchemaName(spec.name)]).toBeDefined();
    }
  });

  it('declares every address parameter', () => {
    for (const ch of Object.values(doc.channels)) {
      expect(Object.keys(ch.parameters as object).sort()).toEqual(addressParameters(ch.address as string).sort());
    }
  });

  it('resolves topics to their payload schemas, most specific channel first', () => {
    const v = new ContractValidator();
    expect(v.schemaForTopic('boards/b1/event/sms_received')).toBe('EventSmsReceived');
    expect(v.schemaForTopic('boards/b1/command/sendsms')).toBe('CommandSendsms');
    expect(v.schemaForTopic('boards/b1/command/foo')).toBe('PositionalCommand');
    expect(v.schemaForTopic('boards/b1/command/foo/reply')).toBe('CommandReply');
    expect(v.schemaForTopic('x/y/bridge/i-1/state', 'x/y')).toBe('BridgeState');
    expect(v.schemaForTopic('boards/b1/nonsense')).toBeUndefined();
  });
});

describe('OpenAPI document', () => {
  it('is valid OpenAPI 3.1 (@seriousme/openapi-schema-validator)', async () => {
    const result = await validateOpenApi(buildOpenApi());
    expect(result).toEqual({ valid: true });
    const broken = { ...buildOpenApi(), paths: { '/x': { get: { responses: { 200: { $ref: '#/components/nowhere' } } } } } };
    expect(await validateOpenApi(broken)).toMatchObject({ valid: false });
  });

  it('takes each documented command body as the MQTT command payload schema', () => {
    const doc = buildOpenApi() as Record<string, Record<string, Record<string, Record<string, unknown>>>>;
    for (const spec of COMMAND_TABLE) {
      const post = doc.paths[`/api/boards/{id}/commands/${spec.name}`].post as
        { requestBody: { content: Record<string, { schema: unknown }> } };
      expect(post.requestBody.content['application/json'].schema)
        .toEqual({ $ref: `#/components/schemas/${commandSchemaName(spec.name)}` });
    }
  });

  it('adds path groups through builders', () => {
    const doc = buildOpenApi([() => ({ paths: { '/api/extra': { get: { responses: {} } } }, schemas: { Extra: {} } })]);
    expect(Object.keys(doc.paths as object)).toEqual(['/api/extra']);
    expect((doc.components as Record<string, Record<string, unknown>>).schemas.Extra).toEqual({});
  });
});
