import { describe, expect, it } from 'vitest';
import type { ColumnInfo } from '../src/dialects/dialect.js';
import { TypeMismatchError } from '../src/errors.js';
import { parseIsoDatetime } from '../src/iso-datetime.js';
import { checkValues } from '../src/value-check.js';

const at = (text: string) => parseIsoDatetime(text)?.toISOString();

describe('parseIsoDatetime', () => {
  it('reads Z, offsets and zone-less (UTC) strings as the instant they name', () => {
    expect(at('2024-01-02T03:04:05Z')).toBe('2024-01-02T03:04:05.000Z');
    expect(at('2024-01-02T05:04:05+02:00')).toBe('2024-01-02T03:04:05.000Z');
    expect(at('2024-01-01T23:34:05-0330')).toBe('2024-01-02T03:04:05.000Z');
    expect(at('2024-01-02T04:04:05+01')).toBe('2024-01-02T03:04:05.000Z');
    expect(at('2024-01-02T03:04:05')).toBe('2024-01-02T03:04:05.000Z');
    expect(at('2024-01-02 03:04:05.123')).toBe('2024-01-02T03:04:05.123Z');
    expect(at('2024-01-02T03:04')).toBe('2024-01-02T03:04:00.000Z');
    expect(at('2024-01-02')).toBe('2024-01-02T00:00:00.000Z');
    expect(at('2024-02-29T00:00:00Z')).toBe('2024-02-29T00:00:00.000Z');
  });

  it('keeps milliseconds and drops finer digits (a JS Date holds milliseconds)', () => {
    expect(at('2024-01-02T03:04:05.1Z')).toBe('2024-01-02T03:04:05.100Z');
    expect(at('2024-01-02T03:04:05.123999+00:00')).toBe('2024-01-02T03:04:05.123Z');
  });

  it('refuses anything else', () => {
    for (const bad of [
      '',
      'yesterday',
      '2024-1-2',
      '2024-13-02T03:04:05Z',
      '2023-02-29',
      '2024-02-30',
      '2024-01-02T24:00:00',
      '2024-01-02T03:60:00',
      '2024-01-02T03:04:60Z',
      '2024-01-02T03:04:05+24:00',
      '2024-01-02T03:04:05 UTC',
      '2024-01-02Z',
      ' 2024-01-02',
      '2024-01-02T03:04:05Zjunk',
    ])
      expect(parseIsoDatetime(bad), bad).toBeUndefined();
  });
});

describe('checkValues', () => {
  const columns: ColumnInfo[] = [
    { name: 'I', type: 'INTEGER', kind: 'integer' },
    { name: 'AT', type: 'TIMESTAMP', kind: 'datetime' },
  ];

  it('turns datetime strings into Dates, copying only changed rows and never mutating the input', () => {
    const date = new Date('2024-01-02T03:04:05Z');
    const rows = [
      [0, '2024-01-02T05:04:05+02:00'],
      [1, date],
      [2, null],
    ];
    const out = checkValues(rows, columns, 'df');
    expect(out).toEqual([
      [0, date],
      [1, date],
      [2, null],
    ]);
    expect(rows[0]).toEqual([0, '2024-01-02T05:04:05+02:00']);
    expect(out[1]).toBe(rows[1]);
    const untouched = [[3, date]];
    expect(checkValues(untouched, columns, 'df')).toBe(untouched);
  });

  it('refuses an unparseable string with a TypeMismatchError naming the column and row', () => {
    const err = (() => {
      try {
        checkValues(
          [
            [0, '2024-01-02'],
            [1, '2024-02-30T00:00:00Z'],
          ],
          columns,
          'df',
        );
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(TypeMismatchError);
    expect(err).toMatchObject({ column: 'AT', row: 1, value: '2024-02-30T00:00:00Z', parameter: 'df' });
  });
});
