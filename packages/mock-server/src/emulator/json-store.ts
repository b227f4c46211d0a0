import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type EmulatorState, emptyState } from './state.js';

/** The emulator's state in `<dataDir>/state.json`, written atomically (temp file + rename). */
export class JsonStore {
  readonly file: string;
  state: EmulatorState;
  private tmpCounter = 0;

  constructor(readonly dataDir: string) {
    mkdirSync(dataDir, { recursive: true });
    this.file = join(dataDir, 'state.json');
    this.state = this.load();
  }

  private load(): EmulatorState {
    let text: string;
    try {
      text = readFileSync(this.file, 'utf8');
    } catch {
      return emptyState();
    }
    const parsed = JSON.parse(text) as Partial<EmulatorState>;
    return { ...emptyState(), ...parsed } as EmulatorState;
  }

  /** Writes the whole state; the rename makes a reader never see half a file. */
  save(): void {
    const tmp = `${this.file}.${process.pid}.${++this.tmpCounter}.tmp`;
    writeFileSync(tmp, JSON.stringify(this.state));
    renameSync(tmp, this.file);
  }
}
