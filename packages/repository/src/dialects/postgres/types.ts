import pg from 'pg';
import { parseUtcTimestamp } from '../timestamp.js';

const INT8 = 20;
const NUMERIC = 1700;
const TIMESTAMP = 1114;

function parseInt8(text: string): number | string {
  const n = Number(text);
  return Number.isSafeInteger(n) ? n : text;
}

/**
 * Type parsers for every PostgreSQL connection we open: BIGINT and NUMERIC come back as numbers (BIGINT
 * beyond 2^53 stays a string), TIMESTAMP WITHOUT TIME ZONE is read as UTC (we write UTC into it).
 */
export const postgresTypes = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (format !== 'binary') {
      if (oid === INT8) return parseInt8;
      if (oid === NUMERIC) return (text: string) => Number(text);
      if (oid === TIMESTAMP) return parseUtcTimestamp;
    }
    // biome-ignore lint/suspicious/noExplicitAny: pg's overloads are keyed by format
    return (pg.types.getTypeParser as any)(oid, format);
  },
} as pg.CustomTypesConfig;
