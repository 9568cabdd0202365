import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import type { SchemaObject } from '@nestjs/swagger';
import { targetConstructorToSchema, validationMetadatasToSchemas } from 'class-validator-jsonschema';

type Constructor = new (...args: unknown[]) => unknown;

/** The classes a handler validates its body and query with (ValidationPipe reads the same ones). */
export function handlerInputs(
  controller: Constructor,
  method: string,
): { body?: Constructor; query?: Constructor; formBody: boolean } {
  const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, method) ?? {}) as Record<
    string,
    { index: number; data?: unknown }
  >;
  const types = (Reflect.getMetadata('design:paramtypes', controller.prototype as object, method) ?? []) as unknown[];
  const found: { body?: Constructor; query?: Constructor; formBody: boolean } = { formBody: false };
  for (const [key, arg] of Object.entries(args)) {
    const kind = Number(key.split(':')[0]) as RouteParamtypes;
    const type = types[arg.index];
    const isClass = typeof type === 'function' && type !== Object && type !== String && type !== Number;
    if (kind === RouteParamtypes.BODY && arg.data === undefined && isClass) found.body = type as Constructor;
    if (kind === RouteParamtypes.QUERY && arg.data === undefined && isClass) found.query = type as Constructor;
  }
  return found;
}

/** A DTO's JSON schema, from its class-validator decorators (the rules requests are checked against). */
export function dtoSchema(dto: Constructor): SchemaObject {
  const schema = targetConstructorToSchema(dto, { refPointerPrefix: '#/components/schemas/' }) as SchemaObject;
  return { type: 'object', properties: {}, ...schema };
}

const REF = '#/components/schemas/';

/** Adds the schemas of the classes nested DTOs refer to (`@ValidateNested`), transitively. */
export function withNestedSchemas(schemas: Record<string, SchemaObject>): Record<string, SchemaObject> {
  const all = validationMetadatasToSchemas({ refPointerPrefix: REF }) as Record<string, SchemaObject>;
  const result = { ...schemas };
  const pending = [...Object.values(result)];
  while (pending.length > 0) {
    const text = JSON.stringify(pending.pop());
    for (const [, name] of text.matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)) {
      if (name && !result[name] && all[name]) {
        result[name] = all[name];
        pending.push(all[name]);
      }
    }
  }
  return result;
}
