import knexFactory from 'knex';
import { describe, expect, it } from 'vitest';
import { parseConnectionString } from '../src/connection-string.js';
import type { ColumnInfo, TableInfo, WritePlan } from '../src/dialects/dialect.js';
import { parseTableRef } from '../src/dialects/identifier.js';
import { ORACLE_INTROSPECTION, oracleVersionIndexSql } from '../src/dialects/oracle/introspect.js';
import { oracleBindRow, oracleBindTypes, oracleWriteSql } from '../src/dialects/oracle/versioned-write.js';
import { getDialect } from '../src/dialects/registry.js';
import { compileFilter } from '../src/index.js';
import { countSql, createTableSql, insertRecordSql, pageSql, selectSql } from '../src/statements.js';
import { checkValues } from '../src/value-check.js';

// No Oracle server can run here: every statement the repository sends to Oracle is compiled by knex's
// oracledb client (no connection) and compared with the exact SQL and bindings.
const knex = knexFactory({ client: 'oracledb', version: '19.0' });
const oracle = getDialect('oracle');
const native = (sql: string, bindings: unknown[] = []) =>
  knex
    .raw(sql, bindings as never[])
    .toSQL()
    .toNative();

const col = (name: string, kind: ColumnInfo['kind'], type = oracle.columnType(kind)): ColumnInfo => ({
  name,
  type,
  kind,
});

const IRIS_OUTPUT: TableInfo = {
  schema: 'DHUODATA',
  name: 'IRIS_OUTPUT',
  columns: [
    col('SEPAL_LENGTH', 'float', 'NUMBER'),
    col('SEPAL_WIDTH', 'float', 'NUMBER'),
    col('PREDICT', 'integer', 'NUMBER(*,0)'),
    col('VERSION', 'integer', 'NUMBER(*,0)'),
    col('CREATED_AT', 'datetime', 'TIMESTAMP(6)'),
  ],
  primaryKey: [],
};

const plan = (overrides: Partial<WritePlan> = {}): WritePlan => ({
  table: IRIS_OUTPUT,
  columns: IRIS_OUTPUT.columns.slice(0, 3),
  rows: [[5.1, 3.5, 0]],
  replace: false,
  versioned: {
    version: IRIS_OUTPUT.columns[3]!,
    createdAt: IRIS_OUTPUT.columns[4]!,
  },
  ...overrides,
});

describe('Oracle: compiled SQL', () => {
  it('creates tables with quoted, upper-cased names and exact types', () => {
    const columns = ['sepal_length', 'PREDICT', 'ok', 'label', 'at', 'MixedCase'].map((name, i) => {
      const kind = (['float', 'integer', 'boolean', 'string', 'datetime', 'float'] as const)[i]!;
      return col(oracle.storedName(name), kind);
    });
    const ref = parseTableRef('iris_train', oracle.maxIdentifierLength);
    expect(createTableSql(oracle, { name: oracle.storedName(ref.name) }, columns)).toBe(
      'CREATE TABLE "IRIS_TRAIN" ("SEPAL_LENGTH" BINARY_DOUBLE, "PREDICT" NUMBER(19), "OK" NUMBER(1), ' +
        '"LABEL" VARCHAR2(4000), "AT" TIMESTAMP(6), "MixedCase" BINARY_DOUBLE)',
    );
  });

  it('versioned write: exclusive table lock, MAX over VERSION, array-DML insert', () => {
    const sql = oracleWriteSql(plan());
    expect(sql).toEqual({
      lock: 'LOCK TABLE "DHUODATA"."IRIS_OUTPUT" IN EXCLUSIVE MODE',
      maxVersion: 'SELECT MAX("VERSION") FROM "DHUODATA"."IRIS_OUTPUT"',
      delete: undefined,
      insert:
        'INSERT INTO "DHUODATA"."IRIS_OUTPUT" ("SEPAL_LENGTH", "SEPAL_WIDTH", "PREDICT", "VERSION", "CREATED_AT") ' +
        "VALUES (:1, :2, :3, :4, TO_TIMESTAMP(:5, 'YYYY-MM-DD HH24:MI:SS.FF3'))",
    });
    expect(oracleBindTypes(plan())).toEqual([
      { type: 'BINARY_DOUBLE' },
      { type: 'BINARY_DOUBLE' },
      { type: 'NUMBER' },
      { type: 'NUMBER' },
      { type: 'STRING' },
    ]);
  });

  it('replace deletes in the same transaction; a plain append takes no lock', () => {
    expect(oracleWriteSql(plan({ replace: true })).delete).toBe('DELETE FROM "DHUODATA"."IRIS_OUTPUT"');
    const { versioned: _v, ...plain } = plan();
    expect(oracleWriteSql(plain)).toEqual({
      lock: undefined,
      maxVersion: undefined,
      delete: undefined,
      insert:
        'INSERT INTO "DHUODATA"."IRIS_OUTPUT" ("SEPAL_LENGTH", "SEPAL_WIDTH", "PREDICT") VALUES (:1, :2, :3)',
    });
  });

  it('index on VERSION (named to fit 30 characters)', () => {
    const sql = oracleVersionIndexSql(IRIS_OUTPUT, IRIS_OUTPUT.columns[3]!);
    expect(sql).toMatch(
      /^CREATE INDEX "DHUODATA"\."DHUO_VERSION_IX_[0-9A-F]{8}" ON "DHUODATA"\."IRIS_OUTPUT" \("VERSION"\)$/,
    );
    expect(sql.match(/"(DHUO_VERSION_IX_[0-9A-F]{8})"/)![1]!.length).toBeLessThanOrEqual(30);
  });

  it('introspection finds tables case-insensitively with bound names', () => {
    expect(native(ORACLE_INTROSPECTION.findTable, [null, 'iris_output', 'iris_output'])).toEqual({
      sql:
        "SELECT OWNER, TABLE_NAME FROM ALL_TABLES WHERE OWNER = NVL(:1, SYS_CONTEXT('USERENV', 'CURRENT_SCHEMA')) " +
        'AND UPPER(TABLE_NAME) = UPPER(:2) ORDER BY CASE WHEN TABLE_NAME = :3 THEN 0 ELSE 1 END',
      bindings: [null, 'iris_output', 'iris_output'],
    });
    expect(native(ORACLE_INTROSPECTION.columns, ['DHUODATA', 'IRIS_OUTPUT']).sql).toBe(
      'SELECT COLUMN_NAME, DATA_TYPE, DATA_PRECISION, DATA_SCALE FROM ALL_TAB_COLUMNS WHERE OWNER = :1 AND TABLE_NAME = :2 ORDER BY COLUMN_ID',
    );
  });

  it('maps ALL_TAB_COLUMNS types to kinds (the seed IRIS_OUTPUT table)', () => {
    expect(IRIS_OUTPUT.columns.map((c) => oracle.kindOf(c.type))).toEqual([
      'float',
      'float',
      'integer',
      'integer',
      'datetime',
    ]);
    expect(oracle.kindOf('BINARY_DOUBLE')).toBe('float');
    expect(oracle.kindOf('NUMBER(10,2)')).toBe('float');
    expect(oracle.kindOf('NUMBER(1)')).toBe('boolean');
    expect(oracle.kindOf('VARCHAR2')).toBe('string');
  });

  it('pagination, count, toDataframe with a filter and insert', () => {
    expect(native(...(Object.values(pageSql(oracle, IRIS_OUTPUT, 3, 10)) as [string, unknown[]]))).toEqual({
      sql:
        'SELECT "SEPAL_LENGTH", "SEPAL_WIDTH", "PREDICT", "VERSION", "CREATED_AT" FROM "DHUODATA"."IRIS_OUTPUT" ' +
        'ORDER BY "SEPAL_LENGTH", "SEPAL_WIDTH", "PREDICT", "VERSION", "CREATED_AT" OFFSET :1 ROWS FETCH NEXT :2 ROWS ONLY',
      bindings: [20, 10],
    });
    expect(countSql(oracle, IRIS_OUTPUT).sql).toBe('SELECT COUNT(*) FROM "DHUODATA"."IRIS_OUTPUT"');
    const where = compileFilter(
      'predict IN (1, 2) AND sepal_length > :min OR version IS NULL',
      IRIS_OUTPUT.columns,
      oracle,
      'IRIS_OUTPUT',
      {
        min: 5,
      },
    );
    const select = selectSql(oracle, IRIS_OUTPUT, IRIS_OUTPUT.columns.slice(0, 2), where);
    expect(native(select.sql, select.bindings)).toEqual({
      sql:
        'SELECT "SEPAL_LENGTH", "SEPAL_WIDTH" FROM "DHUODATA"."IRIS_OUTPUT" ' +
        'WHERE (("PREDICT" IN (:1, :2) AND "SEPAL_LENGTH" > :3) OR "VERSION" IS NULL)',
      bindings: [1, 2, 5],
    });
    const at = new Date('2024-01-01T00:00:00Z');
    expect(native(insertRecordSql(oracle, IRIS_OUTPUT, IRIS_OUTPUT.columns.slice(2, 5)), [1, 1, at])).toEqual(
      {
        sql: 'INSERT INTO "DHUODATA"."IRIS_OUTPUT" ("PREDICT", "VERSION", "CREATED_AT") VALUES (:1, :2, :3)',
        bindings: [1, 1, at],
      },
    );
  });

  it('binds ISO datetime strings as the Date of the instant they name (zone-less = UTC)', () => {
    const columns = [col('OK', 'boolean'), col('AT', 'datetime')];
    const strings = ['2024-01-02T03:04:05Z', '2024-01-02T05:04:05+02:00', '2024-01-02T03:04:05'];
    const rows = checkValues(
      strings.map((s) => [true, s]),
      columns,
      'df',
    );
    const instant = new Date('2024-01-02T03:04:05.000Z');
    const kinds = columns.map((c) => c.kind);
    expect(rows.map((r) => oracleBindRow(kinds, r))).toEqual(strings.map(() => [1, instant]));
    expect(oracleBindTypes({ table: IRIS_OUTPUT, columns, rows, replace: false })).toEqual([
      { type: 'NUMBER' },
      { type: 'TIMESTAMP' },
    ]);
    const at = new Date('2024-01-02T03:04:05Z');
    expect(oracleBindRow(kinds, [undefined, at])).toEqual([null, at]);
  });

  it('reads oracle+oracledb URLs from database.json', () => {
    expect(
      parseConnectionString('oracle+oracledb://scott:tiger@db.example:1521/?service_name=ORCLPDB1'),
    ).toEqual({
      dialect: 'oracle',
      knexConfig: {
        client: 'oracledb',
        connection: { user: 'scott', password: 'tiger', connectString: 'db.example:1521/ORCLPDB1' },
      },
      redacted: 'oracle+oracledb://scott:***@db.example:1521/?service_name=ORCLPDB1',
    });
    expect(parseConnectionString('oracle://u:p@h:1522/ORCL').knexConfig.connection).toMatchObject({
      connectString: '(DESCRIPTION=(ADDRESS=(PROTOCOL=TCP)(HOST=h)(PORT=1522))(CONNECT_DATA=(SID=ORCL)))',
    });
  });
});
