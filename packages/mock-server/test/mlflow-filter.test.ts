import { describe, expect, it } from 'vitest';
import { ApiError } from '../src/emulator/api-error.js';
import { applyFilter, type FilterSchema, parseFilter } from '../src/emulator/mlflow-filter.js';
import { paginate } from '../src/emulator/page-token.js';

const schema: FilterSchema = {
  attributes: { name: 'string', creation_time: 'number' },
  keyed: { tags: 'string', metrics: 'number' },
};

describe('MLflow filter grammar', () => {
  it('parses identifiers, backquoted keys, both quotes, numbers and AND', () => {
    expect(
      parseFilter(
        'name = \'a\' AND tags.`my key` LIKE "x%" and attributes.creation_time >= -1.5e3 AND metrics.acc < 1',
        schema,
      ),
    ).toEqual([
      { entity: 'attribute', key: 'name', type: 'string', op: '=', value: 'a' },
      { entity: 'tags', key: 'my key', type: 'string', op: 'LIKE', value: 'x%' },
      { entity: 'attribute', key: 'creation_time', type: 'number', op: '>=', value: -1500 },
      { entity: 'metrics', key: 'acc', type: 'number', op: '<', value: 1 },
    ]);
    expect(parseFilter('', schema)).toEqual([]);
    expect(parseFilter(undefined, schema)).toEqual([]);
  });

  it.each([
    ["name = 'a' OR name = 'b'", /AND only/],
    ['name = 1', /quoted string/],
    ["creation_time = 'x'", /compared with a number/],
    ["creation_time LIKE '1'", /compared with a number/],
    ["name < 'b'", /use =, !=, LIKE or ILIKE/],
    ["colour = 'x'", /unknown attribute/],
    ["params.x = 'x'", /unknown entity/],
    ["name = 'open", /unterminated string/],
    ["name = 'a' AND", /must follow AND/],
    ["name ~ 'a'", /unexpected '~'/],
  ])('rejects %s with 400 naming filter_string', (input, message) => {
    try {
      parseFilter(input, schema);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ApiError);
      expect((e as ApiError).status).toBe(400);
      expect((e as ApiError).param).toBe('filter_string');
      expect((e as ApiError).message).toMatch(message);
    }
  });

  it('applies LIKE/ILIKE patterns and numeric comparisons; missing values never match', () => {
    const items = [
      { name: 'Iris_1', t: 5 },
      { name: 'iris-2', t: 10 },
      { name: 'wine', t: 15 },
    ];
    const lookup = (i: (typeof items)[number], _e: string, k: string) =>
      k === 'name' ? i.name : k === 'creation_time' ? i.t : undefined;
    expect(applyFilter(items, parseFilter("name LIKE 'iris%'", schema), lookup).map((i) => i.name)).toEqual([
      'iris-2',
    ]);
    expect(applyFilter(items, parseFilter("name ILIKE 'iris_%'", schema), lookup).map((i) => i.name)).toEqual(
      ['Iris_1', 'iris-2'],
    );
    expect(
      applyFilter(items, parseFilter('creation_time > 5 AND creation_time <= 15', schema), lookup),
    ).toHaveLength(2);
    expect(applyFilter(items, parseFilter("tags.x != 'y'", schema), lookup)).toEqual([]);
  });

  it('pages with opaque tokens and rejects forged ones', () => {
    const first = paginate([1, 2, 3], 2, undefined);
    expect(first.page).toEqual([1, 2]);
    const second = paginate([1, 2, 3], 2, first.next_page_token as string);
    expect(second).toEqual({ page: [3], next_page_token: null });
    expect(() => paginate([1], 1, 'not-a-token')).toThrow(/page_token/);
    expect(() => paginate([1], 1, Buffer.from('{"o":-1}').toString('base64url'))).toThrow(/page_token/);
  });
});
