import type { components } from './generated/dhuo.js';

type Schemas = components['schemas'];

/** An experiment (`components.schemas.Experiment`). */
export type Experiment = Schemas['Experiment'];
/** One page of experiments. */
export type ExperimentPage = Schemas['ExperimentPage'];
/** A run with its artifacts. */
export type Run = Schemas['Run'];
/** One page of runs. */
export type RunPage = Schemas['RunPage'];
/** A registered model version. */
export type ModelVersion = Schemas['ModelVersion'];
/** A registered model. */
export type RegisteredModel = Schemas['RegisteredModel'];
/** One page of registered models. */
export type RegisteredModelPage = Schemas['RegisteredModelPage'];
/** The result of a stage transition. */
export type TransitionResult = Schemas['TransitionResult'];
/** Predictions made on the service. */
export type PredictOnlineResponse = Schemas['PredictOnlineResponse'];
/** A batch project. */
export type Project = Schemas['Project'];
/** A deploy of a batch script. */
export type Deploy = Schemas['Deploy'];
/** One line of a pipeline's status log. */
export type PipelineStatusEntry = Schemas['PipelineStatusEntry'];
/** A project's cluster. */
export type Cluster = Schemas['Cluster'];
/** A run of a batch project. */
export type BatchRun = Schemas['BatchRun'];
/** A project's schedule. */
export type Schedule = Schemas['Schedule'];
/** A plain message. */
export type Message = Schemas['Message'];
/** The service's health. */
export type Health = Schemas['Health'];
/** The result of a token check. */
export type TokenInfo = Schemas['TokenInfo'];
/** String tags. */
export type Tags = Schemas['Tags'];
/** A registry stage. */
export type Stage = Schemas['Stage'];
/** A cluster size: 1 (SMALL), 2 (MEDIUM) or 3 (LARGE). */
export type ClusterSize = Schemas['ClusterSize'];
/** The body of every error response. */
export type ErrorBody = Schemas['Error'];
