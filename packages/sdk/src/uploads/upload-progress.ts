/** Progress of a file upload, reported after each chunk (or block of a streamed body). */
export interface UploadProgress {
  /** Which of the run's files: `modelpkl_path` or `requirements_path`. */
  field: string;
  /** The local path being sent. */
  path: string;
  /** Bytes of this file sent so far. */
  loaded: number;
  /** This file's size. */
  total: number;
}

/** Callback for upload progress. */
export type OnUploadProgress = (progress: UploadProgress) => void;
